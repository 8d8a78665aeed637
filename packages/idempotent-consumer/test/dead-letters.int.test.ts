import { pgTransactions } from '@atalaia/database';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import pg from 'pg';
import { topicNames, type Topics } from '@atalaia/contracts';
import {
  connectIdempotentProducer,
  createKafkaClient,
  deadLetterHeaders,
  ensureTopics,
  readDeadLetters,
  redriveDeadLetters,
  type MessageConsumer,
} from '@atalaia/kafka';
import { commandResultMessage, writeOutboxMessages } from '@atalaia/outbox';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { BROKEN, command } from './test-commands';
import { createIdempotentConsumer, DEAD_LETTERED_CODE } from '../src';

const migrations = path.resolve(__dirname, '../../../services/gateway/prisma/migrations');
const logger = createLogger('dlq-test', 'silent');


describe('consumer failures: retries, dead letters, re-drive', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let kafka: Kafka;
  let producer: Producer;
  let topics: Topics;
  let consumer: MessageConsumer;
  let bugFixed: boolean;
  let transientFailuresLeft: number;
  let attemptsSeen: number;

  beforeEach(async () => {
    database = await createTestDatabase('dlq', migrations);
    pool = new pg.Pool({ connectionString: database.url });
    const namespace = uniqueTopicNamespace('dlq');
    topics = topicNames(namespace);
    kafka = createKafkaClient({ clientId: 'dlq-test', brokers: testKafkaBrokers(), logger });
    await ensureTopics(kafka, [topics.occurrenceCommands]);
    producer = await connectIdempotentProducer(kafka);
    bugFixed = false;
    transientFailuresLeft = 0;
    attemptsSeen = 0;
    consumer = createIdempotentConsumer({
      name: 'test.commands',
      topicNamespace: namespace,
      kafka,
      topics: [topics.occurrenceCommands],
      logger,
      transaction: pgTransactions(pool),
      commandResults: { source: 'test', topics },
      handle: async ({ message }, tx) => {
        attemptsSeen += 1;
        if (transientFailuresLeft > 0) {
          transientFailuresLeft -= 1;
          throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
        }
        if (message.type !== 'occurrence.start') return;
        if (!bugFixed && message.data.occurrenceId === BROKEN) throw new TypeError('a bug in the handler');
        await writeOutboxMessages(tx, [
          commandResultMessage(message, 'test', topics, { status: 'processed', aggregateType: 'occurrence', aggregateId: message.data.occurrenceId, result: {} }),
        ]);
      },
    });
    await consumer.start();
  });

  afterEach(async () => {
    await consumer.stop();
    await producer.disconnect();
    await pool.end();
    await database.drop();
  });

  const send = (value: string | object, key = 'k') =>
    producer.send({ topic: topics.occurrenceCommands, messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }] });

  const results = async () =>
    (await pool.query("SELECT payload FROM outbox_messages WHERE topic = $1 ORDER BY id", [topics.commandResults])).rows.map(
      (row: { payload: { type: string; commandId: string; data: { error?: { code: string } } } }) => row.payload,
    );

  it('when poison messages arrive, then they land in the dead-letter topic with why and where from, and later messages are processed', async () => {
    await send('{not json');
    await send({ ...command(randomUUID()), data: { occurrenceId: 'not-a-uuid' } });
    await send({ ...command(randomUUID()), type: 'occurrence.teleport' });
    const valid = command(randomUUID());
    await send(valid);

    await waitFor(async () => (await results()).some((result) => result.commandId === valid.commandId), { description: 'the valid message processed' });
    const letters = await waitFor(async () => {
      const found = await readDeadLetters(kafka, topics.occurrenceCommands);
      return found.length === 3 && found;
    }, { description: 'three dead letters' });

    expect(letters.map((letter) => letter.headers[deadLetterHeaders.errorCode])).toEqual(['INVALID_JSON', 'INVALID_MESSAGE_DATA', 'UNKNOWN_MESSAGE_TYPE']);
    expect(letters[0]).toMatchObject({ value: '{not json', headers: { [deadLetterHeaders.originalTopic]: topics.occurrenceCommands, [deadLetterHeaders.attempts]: '1' } });
    expect(letters[0]!.headers[deadLetterHeaders.originalOffset]).toBe('0');
  });

  it('when a poison message still names its command, then that command is reported failed as dead-lettered', async () => {
    const poison = { ...command(randomUUID()), data: { occurrenceId: 'not-a-uuid' } };
    await send(poison);

    const failed = await waitFor(async () => (await results()).find((result) => result.commandId === poison.commandId), { description: 'the failure result' });

    expect(failed).toMatchObject({ type: 'command.failed', data: { status: 'failed', error: { code: DEAD_LETTERED_CODE } } });
  });

  it('when the handler keeps failing on a message, then it is dead-lettered after 3 attempts, its command fails, and the partition moves on', async () => {
    const broken = command(BROKEN);
    const next = command(randomUUID());
    await send(broken);
    await send(next);

    await waitFor(async () => (await results()).some((result) => result.commandId === next.commandId), { description: 'the next message processed' });
    const [letter] = await readDeadLetters(kafka, topics.occurrenceCommands);
    expect(letter!.headers).toMatchObject({ [deadLetterHeaders.errorCode]: 'HANDLER_FAILED', [deadLetterHeaders.attempts]: '3' });
    expect(letter!.headers[deadLetterHeaders.errorDetail]).toContain('a bug in the handler');
    expect((await results()).find((result) => result.commandId === broken.commandId)).toMatchObject({
      type: 'command.failed',
      data: { error: { code: DEAD_LETTERED_CODE } },
    });
  });

  it('when failures are transient, then the message is retried until it succeeds, once, without a dead letter', async () => {
    transientFailuresLeft = 3;
    const message = command(randomUUID());
    await send(message);

    await waitFor(async () => (await results()).some((result) => result.commandId === message.commandId), { description: 'the retried message processed' });
    expect(attemptsSeen).toBe(4);
    expect(await readDeadLetters(kafka, topics.occurrenceCommands)).toEqual([]);
  });

  it('when a dead letter is re-driven after the fix, then it is processed once, and re-driving it again has no second effect', async () => {
    const broken = command(BROKEN);
    await send(broken);
    await waitFor(async () => (await readDeadLetters(kafka, topics.occurrenceCommands)).length === 1 || undefined, { description: 'the dead letter' });

    bugFixed = true;
    expect(await redriveDeadLetters(kafka, topics.occurrenceCommands, 'all')).toBe(1);
    await waitFor(async () => (await results()).some((result) => result.commandId === broken.commandId && result.type === 'command.processed'), {
      description: 'the re-driven message processed',
    });
    await redriveDeadLetters(kafka, topics.occurrenceCommands, ['0']);
    const sentinel = command(randomUUID());
    await send(sentinel);
    await waitFor(async () => (await results()).some((result) => result.commandId === sentinel.commandId), { description: 'the sentinel behind it' });

    const forBroken = (await results()).filter((result) => result.commandId === broken.commandId).map((result) => result.type);
    expect(forBroken).toEqual(['command.failed', 'command.processed']);
  });
});
