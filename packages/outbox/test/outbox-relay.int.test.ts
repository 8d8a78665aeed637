import path from 'node:path';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import pg from 'pg';
import { createEnvelope } from '@atalaia/contracts';
import { connectIdempotentProducer, createKafkaClient, ensureTopics } from '@atalaia/kafka';
import { contextFromCarrier, createLogger, startTelemetry, withSpan } from '@atalaia/telemetry';
import { createTestDatabase, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { metricsText } from '@atalaia/telemetry';
import { OutboxRelay, watchOutboxBacklog, writeOutboxMessages } from '../src';

const migrations = path.resolve(__dirname, '../../../services/gateway/prisma/migrations');
const logger = createLogger('relay-test', 'warn');

interface Received {
  key: string;
  sequence: number;
  messageId: string;
  traceparent: string | undefined;
  partition: number;
  offset: number;
}

/** Writes `count` outbox rows spread over `keys`, each carrying its per-key sequence number. */
async function writeRows(client: pg.Client, topic: string, keys: string[], count: number, start = 0): Promise<void> {
  const executor = {
    $executeRawUnsafe: (query: string, ...values: unknown[]) => client.query(query, values).then((r) => r.rowCount ?? 0),
    $queryRawUnsafe: async <T>(query: string, ...values: unknown[]) => (await client.query(query, values)).rows as T,
  };
  for (let index = start; index < start + count; index += 1) {
    const key = keys[index % keys.length]!;
    // Any catalog type will do; `sequence` rides along as an extra data field.
    const data = { occurrenceId: '00000000-0000-4000-8000-000000000000', sequence: index };
    const envelope = createEnvelope({ type: 'occurrence.start', source: 'test', aggregateType: 'occurrence', subject: key, data });
    await writeOutboxMessages(executor, [{ topic, key, envelope }]);
  }
}

async function collect(kafka: Kafka, topic: string, into: Received[]): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: `${topic}-reader` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const envelope = JSON.parse(message.value!.toString());
      into.push({
        key: message.key!.toString(),
        sequence: envelope.data.sequence,
        messageId: envelope.id,
        traceparent: message.headers?.traceparent?.toString(),
        partition,
        offset: Number(message.offset),
      });
    },
  });
  return consumer;
}

/** Waits until `received` holds every message up to the topic's current end offsets, so a late duplicate cannot slip by. */
async function drainToEnd(kafka: Kafka, topic: string, received: Received[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    await waitFor(
      async () =>
        ends.every(({ partition, high }) => Number(high) === 0 || received.some((message) => message.partition === partition && message.offset >= Number(high) - 1)),
      { description: `${topic} read to its end offsets` },
    );
  } finally {
    await admin.disconnect();
  }
}

const repeatedIn = (ids: string[]) => ids.filter((id, index) => ids.indexOf(id) !== index);

describe('outbox relay', () => {
  let database: TestDatabase;
  let client: pg.Client;
  let kafka: Kafka;
  let producer: Producer;
  let topic: string;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    database = await createTestDatabase('relay', migrations);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    kafka = createKafkaClient({ clientId: 'relay-test', brokers: testKafkaBrokers(), logger });
    topic = `${uniqueTopicNamespace('relay')}.rows`;
    await ensureTopics(kafka, [topic]);
    producer = await connectIdempotentProducer(kafka);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await producer.disconnect();
    await client.end();
    await database.drop();
  });

  /** Once nothing is left unpublished and the topic is read to its end: every outbox row is on Kafka once, none twice. */
  async function expectEachRowOnTheTopicExactlyOnce(received: Received[]): Promise<void> {
    await waitFor(async () => (await client.query('SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL')).rows[0].n === 0, {
      description: 'every row marked published',
    });
    await drainToEnd(kafka, topic, received);
    const consumed = received.map((message) => message.messageId);
    const written = (await client.query<{ id: string }>('SELECT message_id::text AS id FROM outbox_messages')).rows.map((row) => row.id);
    expect(repeatedIn(consumed)).toEqual([]);
    expect([...consumed].sort()).toEqual([...written].sort());
  }

  function startRelay(pollIntervalMs = 200, batchSize = 50, sourceName = 'test'): OutboxRelay {
    const relay = new OutboxRelay({ sources: [{ name: sourceName, databaseUrl: database.url }], producer, logger, pollIntervalMs, batchSize });
    relay.start();
    cleanups.push(() => relay.stop());
    return relay;
  }

  it('when rows wait in the outbox, then each is published exactly once, in id order per key, and marked published', async () => {
    const keys = ['occ-a', 'occ-b', 'occ-c', 'occ-d', 'occ-e'];
    await writeRows(client, topic, keys, 300);
    const received: Received[] = [];
    const consumer = await collect(kafka, topic, received);
    cleanups.push(() => consumer.disconnect());

    startRelay();

    await expectEachRowOnTheTopicExactlyOnce(received);
    expect(received).toHaveLength(300);
    for (const key of keys) {
      const sequences = received.filter((message) => message.key === key).map((message) => message.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(sequences).toHaveLength(60);
    }
  });

  it('when a row is committed while the relay idles, then NOTIFY wakes it long before its poll interval', async () => {
    const received: Received[] = [];
    const consumer = await collect(kafka, topic, received);
    cleanups.push(() => consumer.disconnect());
    const relay = startRelay(600_000);
    await waitFor(async () => relay.isLeading('test'), { description: 'relay leadership' });

    await writeRows(client, topic, ['occ-a'], 1);

    await waitFor(async () => received.length === 1, { timeoutMs: 20_000, description: 'the notified row on Kafka' });
    expect(received[0]!.sequence).toBe(0);
  });

  it('when a row was written inside a trace, then its Kafka message carries that trace in a traceparent header', async () => {
    const telemetry = startTelemetry({ serviceName: 'relay-test' });
    cleanups.push(() => telemetry.shutdown());
    const received: Received[] = [];
    const consumer = await collect(kafka, topic, received);
    cleanups.push(() => consumer.disconnect());
    const incoming = contextFromCarrier({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    await withSpan('write', { parent: incoming }, () => writeRows(client, topic, ['occ-a'], 1));

    startRelay();

    await waitFor(async () => received.length === 1, { description: 'the traced row on Kafka' });
    expect(received[0]!.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
  });

  it('when metrics are scraped, then each source reports its backlog, the age of its oldest row and how many it published', async () => {
    const source = `metrics-${Date.now()}`;
    const metric = async (name: string) => {
      const line = (await metricsText()).body.split('\n').find((candidate) => candidate.startsWith(`${name}{source="${source}"}`));
      return line === undefined ? undefined : Number(line.split(' ')[1]);
    };
    await writeRows(client, topic, ['occ-a'], 5);
    const unwatch = watchOutboxBacklog([{ name: source, databaseUrl: database.url }]);
    cleanups.push(unwatch);

    expect(await metric('atalaia_outbox_backlog')).toBe(5);
    expect(await metric('atalaia_outbox_oldest_unpublished_seconds')).toBeGreaterThan(0);

    startRelay(200, 50, source);
    await waitFor(async () => (await metric('atalaia_outbox_published_total')) === 5, { description: 'five published' });
    expect(await metric('atalaia_outbox_backlog')).toBe(0);
    expect(await metric('atalaia_outbox_oldest_unpublished_seconds')).toBe(0);
  });

  it('when two relays drain one outbox, then one leads, the other stands by, no row is published twice and per-key order holds', async () => {
    const received: Received[] = [];
    const consumer = await collect(kafka, topic, received);
    cleanups.push(() => consumer.disconnect());
    const first = startRelay();
    const second = startRelay();
    await waitFor(async () => first.isLeading('test') || second.isLeading('test'), { description: 'a leader' });

    await writeRows(client, topic, ['occ-a', 'occ-b'], 100);

    await expectEachRowOnTheTopicExactlyOnce(received);
    expect(received).toHaveLength(100);
    expect([first.isLeading('test'), second.isLeading('test')].filter(Boolean)).toHaveLength(1);
    for (const key of ['occ-a', 'occ-b']) {
      const sequences = received.filter((message) => message.key === key).map((message) => message.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    }
  });
});
