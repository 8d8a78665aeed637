import path from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import type pg from 'pg';
import { createEnvelope, topicNames, type Topics } from '@atalaia/contracts';
import { createPostgresPool, endPostgresPool } from '@atalaia/database';
import { connectIdempotentProducer, createKafkaClient, ensureTopics, type MessageConsumer } from '@atalaia/kafka';
import { createLogger, metricsText } from '@atalaia/telemetry';
import { createTestDatabase, sampleValue, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { createCommandResultConsumer } from '../src/consumers/command-result-consumer';
import { CommandStore } from '../src/db/command-store';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { occurrenceCommand } from './command-requests';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const logger = createLogger('latency-metrics-test', 'silent');
const LATENCY_COUNT = 'atalaia_command_latency_seconds_count';
const processed = { command_type: 'occurrence.create_or_update', outcome: 'processed' };
const failed = { command_type: 'occurrence.create_or_update', outcome: 'failed' };

describe('command latency metric', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  let prisma: GatewayPrisma;
  let store: CommandStore;
  let kafka: Kafka;
  let producer: Producer;
  let topics: Topics;
  let consumer: MessageConsumer;

  beforeAll(async () => {
    database = await createTestDatabase('gateway_latency', migrations);
    pool = createPostgresPool(database.url);
    prisma = createGatewayPrisma(pool);
    store = new CommandStore(prisma);
    const namespace = uniqueTopicNamespace('latency');
    topics = topicNames(namespace);
    kafka = createKafkaClient({ clientId: 'latency-metrics-test', brokers: testKafkaBrokers(), logger });
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

  const scrape = async () => (await metricsText()).body;
  const pendingCommand = async (externalId: string) => (await store.accept(occurrenceCommand(externalId))).commandId;
  const result = (commandId: string, status: 'processed' | 'failed') =>
    createEnvelope({
      type: status === 'processed' ? 'command.processed' : 'command.failed',
      source: 'occurrence',
      aggregateType: 'command',
      subject: commandId,
      commandId,
      data: {
        commandId,
        commandType: 'occurrence.create_or_update',
        status,
        ...(status === 'processed' ? { aggregateType: 'occurrence', aggregateId: 'o-1' } : { error: { code: 'OCCURRENCE_NOT_FOUND', title: 'No such occurrence' } }),
      },
    });
  /** All on one key, so one partition handles them in the order given. */
  const publish = (key: string, envelopes: object[]) =>
    producer.send({ topic: topics.commandResults, messages: envelopes.map((envelope) => ({ key, value: JSON.stringify(envelope) })) });

  it('when results settle commands, then each is observed once under its type and outcome, and duplicates or later results add nothing', async () => {
    const before = await scrape();
    const done = await Promise.all(['LAT-1', 'LAT-2', 'LAT-3'].map(pendingCommand));
    const firstResult = result(done[0]!, 'processed');

    await publish(done[0]!, [firstResult, result(done[1]!, 'processed'), result(done[2]!, 'processed')]);
    await waitFor(async () => sampleValue(await scrape(), LATENCY_COUNT, processed) - sampleValue(before, LATENCY_COUNT, processed) >= 3, {
      description: 'three processed commands observed',
    });

    const refused = await pendingCommand('LAT-FAILED');
    // Re-delivered (same message id), a second final result (new id) and a failing one, in this order.
    await publish(refused, [firstResult, result(done[1]!, 'failed'), result(refused, 'failed')]);
    await waitFor(async () => sampleValue(await scrape(), LATENCY_COUNT, failed) - sampleValue(before, LATENCY_COUNT, failed) >= 1, {
      description: 'the failed command observed',
    });

    const after = await scrape();
    expect(sampleValue(after, LATENCY_COUNT, processed) - sampleValue(before, LATENCY_COUNT, processed)).toBe(3);
    expect(sampleValue(after, LATENCY_COUNT, failed) - sampleValue(before, LATENCY_COUNT, failed)).toBe(1);
    expect((await prisma.command.findUniqueOrThrow({ where: { id: done[1]! } })).status).toBe('processed');
    const latencySum = sampleValue(after, 'atalaia_command_latency_seconds_sum', processed) - sampleValue(before, 'atalaia_command_latency_seconds_sum', processed);
    expect(latencySum).toBeGreaterThan(0);
  });
});
