import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import pg from 'pg';
import { topicNames, type Topics } from '@atalaia/contracts';
import { pgTransactions } from '@atalaia/database';
import { connectIdempotentProducer, createKafkaClient, ensureTopics, type MessageConsumer } from '@atalaia/kafka';
import { commandResultMessage, writeOutboxMessages } from '@atalaia/outbox';
import { createLogger, SpanKind, startTelemetry, type TelemetryOptions } from '@atalaia/telemetry';
import { createTestDatabase, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { command } from './test-commands';
import { createIdempotentConsumer } from '../src';

const migrations = path.resolve(__dirname, '../../../services/gateway/prisma/migrations');
const logger = createLogger('batch-tracing-test', 'silent');

type SpanProcessor = NonNullable<TelemetryOptions['extraSpanProcessors']>[number];
type EndedSpan = Parameters<SpanProcessor['onEnd']>[0];
const ended: EndedSpan[] = [];
const collector: SpanProcessor = {
  onStart: () => undefined,
  onEnd: (span) => void ended.push(span),
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

describe('consumer tracing', () => {
  const telemetry = startTelemetry({ serviceName: 'consumer-test', env: {}, extraSpanProcessors: [collector] });
  let database: TestDatabase;
  let pool: pg.Pool;
  let kafka: Kafka;
  let producer: Producer;
  let topics: Topics;
  let consumer: MessageConsumer;

  beforeAll(async () => {
    database = await createTestDatabase('batch_tracing', migrations);
    pool = new pg.Pool({ connectionString: database.url });
    const namespace = uniqueTopicNamespace('trace');
    topics = topicNames(namespace);
    kafka = createKafkaClient({ clientId: 'batch-tracing-test', brokers: testKafkaBrokers(), logger });
    await ensureTopics(kafka, [topics.occurrenceCommands]);
    producer = await connectIdempotentProducer(kafka);
    consumer = createIdempotentConsumer({
      name: 'test.traced',
      topicNamespace: namespace,
      kafka,
      topics: [topics.occurrenceCommands],
      logger,
      transaction: pgTransactions(pool),
      handle: async ({ message }, tx) => {
        if (message.type !== 'occurrence.start') return;
        await writeOutboxMessages(tx, [commandResultMessage(message, 'test', topics, { status: 'processed', aggregateType: 'occurrence', aggregateId: message.data.occurrenceId, result: {} })]);
      },
    });
  });

  afterAll(async () => {
    await consumer.stop();
    await producer.disconnect();
    await pool.end();
    await database.drop();
    await telemetry.shutdown();
  });

  it('when a backlog is handled as a batch, then each message is processed in its own trace, linked to a batch span that holds the shared statements', async () => {
    const sent = Array.from({ length: 10 }, () => ({ envelope: command(), traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') }));
    await producer.send({
      topic: topics.occurrenceCommands,
      messages: sent.map(({ envelope, traceId, spanId }) => ({ key: 'one-key', value: JSON.stringify(envelope), headers: { traceparent: `00-${traceId}-${spanId}-01` } })),
    });

    await consumer.start();
    const rows = await waitFor(
      async () => {
        const { rows: found } = await pool.query<{ headers: { traceparent: string } }>('SELECT headers FROM outbox_messages ORDER BY id');
        return found.length === sent.length && found;
      },
      { description: 'a result per message' },
    );

    const processes = ended.filter((span) => span.kind === SpanKind.CONSUMER && span.attributes['messaging.batch.message_count'] === undefined);
    const batches = ended.filter((span) => span.kind === SpanKind.CONSUMER && span.attributes['messaging.batch.message_count'] !== undefined);
    expect(batches.length).toBeGreaterThan(0);
    sent.forEach(({ envelope, traceId, spanId }, index) => {
      const process = processes.find((span) => span.attributes['messaging.message.id'] === envelope.id)!;
      expect(process.name).toBe(`process ${topics.occurrenceCommands}`);
      expect(process.spanContext().traceId).toBe(traceId);
      expect(process.parentSpanContext?.spanId).toBe(spanId);
      expect(process.attributes).toMatchObject({ 'messaging.system': 'kafka', 'messaging.operation.type': 'process', 'messaging.consumer.group.name': expect.stringContaining('test.traced') });
      // What the message's handling writes continues its trace from its process span.
      expect(rows[index]!.headers.traceparent).toBe(`00-${traceId}-${process.spanContext().spanId}-01`);
    });
    const batched = processes.filter((span) => span.links.length === 1);
    expect(batched.length).toBeGreaterThan(1);
    for (const span of batched) {
      const batch = batches.find((candidate) => candidate.spanContext().spanId === span.links[0]!.context.spanId)!;
      expect(batch.name).toBe(`process ${topics.occurrenceCommands}`);
      expect(batch.links.map((link) => link.context.traceId)).toContain(span.spanContext().traceId);
    }
    const batch = batches.find((candidate) => candidate.links.length > 1)!;
    expect(batch.attributes['messaging.batch.message_count']).toBe(batch.links.length);
    const statements = ended.filter((span) => span.parentSpanContext?.spanId === batch.spanContext().spanId).map((span) => span.name);
    expect(statements).toEqual(expect.arrayContaining(['BEGIN', 'INSERT processed_messages', 'INSERT outbox_messages', 'COMMIT']));
  });
});
