import { pgTransactions } from '@atalaia/database';
import path from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import pg from 'pg';
import { topicNames, type Envelope, type Topics } from '@atalaia/contracts';
import { connectIdempotentProducer, createKafkaClient, ensureTopics, readDeadLetters, type MessageConsumer } from '@atalaia/kafka';
import { commandResultMessage, writeOutboxMessages } from '@atalaia/outbox';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { BROKEN, command } from './test-commands';
import { createIdempotentConsumer } from '../src';

const migrations = path.resolve(__dirname, '../../../services/gateway/prisma/migrations');
const logger = createLogger('batch-test', 'silent');


describe('batched consumption: one transaction per run of messages, every effect once', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let kafka: Kafka;
  let producer: Producer;
  let topics: Topics;
  let consumer: MessageConsumer;
  /** The transaction each handled message ran in, in handling order. */
  let handledIn: Array<{ commandId: string; transaction: string }>;

  beforeEach(async () => {
    database = await createTestDatabase('batch', migrations);
    pool = new pg.Pool({ connectionString: database.url });
    const namespace = uniqueTopicNamespace('batch');
    topics = topicNames(namespace);
    kafka = createKafkaClient({ clientId: 'batch-test', brokers: testKafkaBrokers(), logger });
    await ensureTopics(kafka, [topics.occurrenceCommands]);
    producer = await connectIdempotentProducer(kafka);
    handledIn = [];
    consumer = createIdempotentConsumer({
      name: 'test.commands',
      topicNamespace: namespace,
      kafka,
      topics: [topics.occurrenceCommands],
      logger,
      transaction: pgTransactions(pool),
      commandResults: { source: 'test', topics },
      handle: async ({ message }, tx) => {
        if (message.type !== 'occurrence.start') return;
        if (message.data.occurrenceId === BROKEN) throw new TypeError('a bug in the handler');
        const [row] = await tx.$queryRawUnsafe<Array<{ transaction: string }>>('SELECT txid_current()::text AS transaction');
        handledIn.push({ commandId: message.commandId!, transaction: row!.transaction });
        await writeOutboxMessages(tx, [
          commandResultMessage(message, 'test', topics, { status: 'processed', aggregateType: 'occurrence', aggregateId: message.data.occurrenceId, result: {} }),
        ]);
      },
    });
  });

  afterEach(async () => {
    await consumer.stop();
    await producer.disconnect();
    await pool.end();
    await database.drop();
  });

  /** Everything on one key, so on one partition, in this order. */
  const sendAll = (messages: Envelope[]) =>
    producer.send({ topic: topics.occurrenceCommands, messages: messages.map((message) => ({ key: 'one-key', value: JSON.stringify(message) })) });

  const results = async () =>
    (await pool.query('SELECT payload FROM outbox_messages WHERE topic = $1 ORDER BY id', [topics.commandResults])).rows.map(
      (row: { payload: { type: string; commandId: string; data: { error?: { code: string } } } }) => row.payload,
    );

  it('when a backlog waits on one partition, then it commits in a few transactions, in order, and repeated messages have one effect', async () => {
    const commands = Array.from({ length: 300 }, () => command());
    // Redelivered copies: one right behind its original, one far from it (two batches apart).
    const backlog = [...commands.slice(0, 10), commands[9]!, ...commands.slice(10), commands[0]!, commands[150]!];
    await sendAll(backlog);

    await consumer.start();
    const handled = await waitFor(async () => (await results()).length >= commands.length && (await results()), { description: 'every command handled' });

    expect(handled.map((result) => result.commandId)).toEqual(commands.map((sent) => sent.commandId));
    expect(handledIn.map((entry) => entry.commandId)).toEqual(commands.map((sent) => sent.commandId));
    const transactions = new Set(handledIn.map((entry) => entry.transaction));
    // One transaction per message would be 300; runs of up to 100 need at least 3.
    expect(transactions.size).toBeGreaterThanOrEqual(3);
    expect(transactions.size).toBeLessThanOrEqual(30);
    const claimed = await pool.query('SELECT count(*)::int AS n FROM processed_messages');
    expect(claimed.rows[0].n).toBe(commands.length);
  });

  it('when one message of a batch keeps failing, then only it is dead-lettered and every other message is applied once, in order', async () => {
    const before = Array.from({ length: 40 }, () => command());
    const broken = command(BROKEN);
    const after = Array.from({ length: 40 }, () => command());
    await sendAll([...before, broken, ...after]);

    await consumer.start();
    const all = await waitFor(async () => (await results()).length >= 81 && (await results()), { description: 'every result, the failure included' });

    expect(all.map((result) => result.commandId)).toEqual([...before, broken, ...after].map((sent) => sent.commandId));
    expect(all[40]).toMatchObject({ type: 'command.failed', data: { error: { code: 'MESSAGE_DEAD_LETTERED' } } });
    expect(all.filter((result) => result.type === 'command.processed')).toHaveLength(80);
    expect(await readDeadLetters(kafka, topics.occurrenceCommands)).toHaveLength(1);
  });
});
