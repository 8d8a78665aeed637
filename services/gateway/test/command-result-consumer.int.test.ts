import path from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import type pg from 'pg';
import { createEnvelope, fingerprint, occurrenceIdFor, topicNames, type Topics } from '@atalaia/contracts';
import { createPostgresPool, endPostgresPool } from '@atalaia/database';
import { DEAD_LETTERED_CODE } from '@atalaia/idempotent-consumer';
import { connectIdempotentProducer, createKafkaClient, ensureTopics, type MessageConsumer } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { createCommandResultConsumer } from '../src/consumers/command-result-consumer';
import { CommandStore } from '../src/db/command-store';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const logger = createLogger('result-consumer-test', 'silent');
const payload = { externalId: 'EXT-1', type: 'incendio_urbano', description: 'x', reportedAt: '2026-02-01T14:32:00-03:00' };

describe('command result consumer', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let prisma: GatewayPrisma;
  let store: CommandStore;
  let kafka: Kafka;
  let producer: Producer;
  let topics: Topics;
  let consumer: MessageConsumer;

  beforeAll(async () => {
    database = await createTestDatabase('gateway_results', migrations);
    // One pool under both, as in the service: Prisma accepts the commands, the consumer records their results.
    pool = createPostgresPool(database.url);
    prisma = createGatewayPrisma(pool);
    store = new CommandStore(prisma);
    const namespace = uniqueTopicNamespace('results');
    topics = topicNames(namespace);
    kafka = createKafkaClient({ clientId: 'result-consumer-test', brokers: testKafkaBrokers(), logger });
    await ensureTopics(kafka, [topics.commandResults]);
    producer = await connectIdempotentProducer(kafka);
    consumer = createCommandResultConsumer({ kafka, pool, topics, topicNamespace: namespace, logger });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer.stop();
    await producer.disconnect();
    await prisma.$disconnect();
    await endPostgresPool(pool);
    await database.drop();
  });

  async function pendingCommand(externalId: string): Promise<string> {
    const outcome = await store.accept({
      client: { id: 'client-1', agencyId: 'agency-1', scopes: [], rateLimitPerMinute: null },
      idempotencyKey: `key-${externalId}`,
      type: 'occurrence.create_or_update',
      aggregateType: 'occurrence',
      scopeKey: `agency-1:${externalId}`,
      messageKey: occurrenceIdFor('agency-1', externalId),
      topic: topics.occurrenceCommands,
      payload: { ...payload, externalId },
      payloadHash: fingerprint({ ...payload, externalId }),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    return outcome.commandId;
  }

  const result = (commandId: string, data: Record<string, unknown>) =>
    createEnvelope({ type: 'command.processed', source: 'test', aggregateType: 'command', subject: commandId, commandId, data: { commandId, commandType: 'occurrence.create_or_update', ...data } });

  it('when a result cannot be recorded, then its command fails as dead-lettered instead of staying pending', async () => {
    const commandId = await pendingCommand('EXT-POISON');
    const poison = result(commandId, { status: 'half-done' });

    await producer.send({ topic: topics.commandResults, messages: [{ key: commandId, value: JSON.stringify(poison) }] });

    const command = await waitFor(async () => {
      const found = await prisma.command.findUniqueOrThrow({ where: { id: commandId } });
      return found.status !== 'pending' && found;
    }, { description: 'the command no longer pending' });
    expect(command).toMatchObject({ status: 'failed', error: { code: DEAD_LETTERED_CODE } });
  });

  it('when a valid result follows a dead-lettered one (a re-drive), then the command is processed', async () => {
    const commandId = await pendingCommand('EXT-REDRIVEN');
    await producer.send({ topic: topics.commandResults, messages: [{ key: commandId, value: JSON.stringify(result(commandId, { status: 'half-done' })) }] });
    await waitFor(async () => (await prisma.command.findUniqueOrThrow({ where: { id: commandId } })).status === 'failed' || undefined, { description: 'failed as dead-lettered' });

    await producer.send({ topic: topics.commandResults, messages: [{ key: commandId, value: JSON.stringify(result(commandId, { status: 'processed', result: { occurrenceId: 'o' } })) }] });

    await waitFor(async () => (await prisma.command.findUniqueOrThrow({ where: { id: commandId } })).status === 'processed' || undefined, { description: 'processed after the re-drive' });
  });
});
