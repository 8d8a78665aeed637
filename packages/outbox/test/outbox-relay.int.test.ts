import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { KafkaJSNonRetriableError, KafkaJSProtocolError, type Consumer, type Kafka } from 'kafkajs';
import pg from 'pg';
import { auditEntryEnvelope, createEnvelope, type Envelope } from '@atalaia/contracts';
import { connectIdempotentProducer, createKafkaClient, ensureTopics } from '@atalaia/kafka';
import { contextFromCarrier, createLogger, metricsText, startTelemetry, withSpan } from '@atalaia/telemetry';
import { createTestDatabase, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { OutboxRelay, watchOutboxBacklog, writeOutboxMessages, type OutboxRelayOptions } from '../src';

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

const executorOf = (client: pg.Client) => ({
  $executeRawUnsafe: (query: string, ...values: unknown[]) => client.query(query, values).then((r) => r.rowCount ?? 0),
  $queryRawUnsafe: async <T>(query: string, ...values: unknown[]) => (await client.query(query, values)).rows as T,
});

/** A command row as the gateway writes it; `sequence` and `padding` ride along as extra data fields. */
function commandEnvelope(key: string, sequence: number, padding = ''): Envelope {
  const data = { occurrenceId: '00000000-0000-4000-8000-000000000000', sequence, ...(padding ? { padding } : {}) };
  return createEnvelope({ type: 'occurrence.start', source: 'test', aggregateType: 'occurrence', subject: key, commandId: randomUUID(), data });
}

/** Writes `count` outbox rows spread over `keys`, each carrying its per-key sequence number. */
async function writeRows(client: pg.Client, topic: string, keys: string[], count: number, start = 0): Promise<void> {
  for (let index = start; index < start + count; index += 1) {
    const key = keys[index % keys.length]!;
    await writeOutboxMessages(executorOf(client), [{ topic, key, envelope: commandEnvelope(key, index) }]);
  }
}

/** 5,000 characters, nearly all three bytes long in UTF-8: about 13 KB, near the most a valid description weighs. */
const longDescription = (seed: number) => `${seed} 火災警報・避難誘導・消防車両出動・救急搬送・倉庫火災「化学製品」Incêndio `.repeat(250).slice(0, 5_000);

/** The largest valid message: an audit entry whose before and after snapshots both carry a 5,000-character description. */
function largestAuditEnvelope(key: string, sequence: number): Envelope {
  const cause = commandEnvelope(key, sequence);
  const snapshot = (status: string) => ({ id: key, status, description: longDescription(sequence), sequence });
  const envelope = auditEntryEnvelope(cause, 'test', {
    action: 'occurrence.updated',
    aggregateType: 'occurrence',
    aggregateId: key,
    ownerAgencyId: 'agency-a',
    before: snapshot('reported'),
    after: snapshot('in_progress'),
  });
  return { ...envelope, data: { ...envelope.data, sequence } };
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

/** A metric's value for one source (and optionally one more label), as Prometheus scrapes it. */
async function metric(name: string, source: string, label = ''): Promise<number | undefined> {
  const line = (await metricsText()).body
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}{`) && candidate.includes(`source="${source}"`) && candidate.includes(label));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

/** Sequences per key in the order first seen: consumers deduplicate by message id, so a repeat is not a reorder. */
function firstSeenSequences(received: Received[], key: string): number[] {
  const seen = new Set<string>();
  return received.filter((message) => message.key === key && !seen.has(message.messageId) && seen.add(message.messageId)).map((message) => message.sequence);
}

describe('outbox relay', () => {
  let database: TestDatabase;
  let client: pg.Client;
  let kafka: Kafka;
  let topic: string;
  let resultsTopic: string;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    database = await createTestDatabase('relay', migrations);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    kafka = createKafkaClient({ clientId: 'relay-test', brokers: testKafkaBrokers(), logger });
    const namespace = uniqueTopicNamespace('relay');
    topic = `${namespace}.rows`;
    resultsTopic = `${namespace}.results`;
    await ensureTopics(kafka, [topic, resultsTopic]);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
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

  function startRelay(options: Partial<OutboxRelayOptions> & { sourceName?: string } = {}): OutboxRelay {
    const { sourceName = 'test', ...overrides } = options;
    const relay = new OutboxRelay({
      sources: [{ name: sourceName, databaseUrl: database.url }],
      connectProducer: () => connectIdempotentProducer(kafka),
      commandResultsTopic: resultsTopic,
      logger,
      pollIntervalMs: 200,
      batchSize: 50,
      ...overrides,
    });
    relay.start();
    cleanups.push(() => relay.stop());
    return relay;
  }

  async function readAll(topicName: string): Promise<Received[]> {
    const received: Received[] = [];
    const consumer = await collect(kafka, topicName, received);
    cleanups.push(() => consumer.disconnect());
    return received;
  }

  it('when rows wait in the outbox, then each is published exactly once, in id order per key, and marked published', async () => {
    const keys = ['occ-a', 'occ-b', 'occ-c', 'occ-d', 'occ-e'];
    await writeRows(client, topic, keys, 300);
    const received = await readAll(topic);

    startRelay();

    await expectEachRowOnTheTopicExactlyOnce(received);
    expect(received).toHaveLength(300);
    for (const key of keys) {
      const sequences = received.filter((message) => message.key === key).map((message) => message.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(sequences).toHaveLength(60);
    }
  });

  it('when a row is committed while the relay idles, then a later poll publishes it; writers fire no NOTIFY (a database-wide lock at commit)', async () => {
    const received = await readAll(topic);
    const relay = startRelay({ minPollIntervalMs: 5, pollIntervalMs: 100 });
    await waitFor(async () => relay.isLeading('test'), { description: 'relay leadership' });

    await writeRows(client, topic, ['occ-a'], 1);

    await waitFor(async () => received.length === 1, { description: 'the polled row on Kafka' });
    expect(received[0]!.sequence).toBe(0);
    const triggers = await client.query("SELECT tgname FROM pg_trigger WHERE tgrelid = 'outbox_messages'::regclass AND NOT tgisinternal");
    expect(triggers.rows).toEqual([]);
  });

  it('when rows trickle in one commit at a time, then the relay lingers after a partial batch and a few Produce requests carry them all; without linger each goes alone', async () => {
    const produces = async () =>
      (await metricsText()).body
        .split('\n')
        .filter((line) => line.startsWith('atalaia_kafka_requests_total{') && line.includes('client="producer"') && line.includes('api="Produce"'))
        .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
    const received = await readAll(topic);
    const trickle = async (lingerMs: number, from: number) => {
      const relay = startRelay({ lingerMs, minPollIntervalMs: 1, pollIntervalMs: 1 });
      await waitFor(async () => relay.isLeading('test'), { description: 'relay leadership' });
      const before = await produces();
      // Forty commits, a few milliseconds apart, as a steady writer makes them.
      for (let index = from; index < from + 40; index += 1) {
        await writeRows(client, topic, ['occ-a'], 1, index);
        await delay(3);
      }
      await waitFor(async () => received.filter((message) => message.sequence >= from).length === 40, { description: `40 rows from ${from} on Kafka` });
      const sent = (await produces()) - before;
      await relay.stop();
      return sent;
    };

    const lingering = await trickle(200, 0);
    const eager = await trickle(0, 40);

    expect(lingering).toBeLessThanOrEqual(3);
    expect(eager).toBeGreaterThan(lingering * 3);
  });

  it('when a row was written inside a trace, then its Kafka message carries that trace in a traceparent header', async () => {
    const telemetry = startTelemetry({ serviceName: 'relay-test' });
    cleanups.push(() => telemetry.shutdown());
    const received = await readAll(topic);
    const incoming = contextFromCarrier({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    await withSpan('write', { parent: incoming }, () => writeRows(client, topic, ['occ-a'], 1));

    startRelay();

    await waitFor(async () => received.length === 1, { description: 'the traced row on Kafka' });
    // The same trace; sampled only where something receives spans (nothing does in this test).
    expect(received[0]!.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-0[01]$/);
  });

  it('when metrics are scraped, then each source reports its backlog, the age of its oldest row and how many it published', async () => {
    const source = `metrics-${randomUUID()}`;
    await writeRows(client, topic, ['occ-a'], 5);
    const unwatch = watchOutboxBacklog([{ name: source, databaseUrl: database.url }]);
    cleanups.push(unwatch);

    expect(await metric('atalaia_outbox_backlog', source)).toBe(5);
    expect(await metric('atalaia_outbox_oldest_unpublished_seconds', source)).toBeGreaterThan(0);

    startRelay({ sourceName: source });
    await waitFor(async () => (await metric('atalaia_outbox_published_total', source)) === 5, { description: 'five published' });
    expect(await metric('atalaia_outbox_backlog', source)).toBe(0);
    expect(await metric('atalaia_outbox_oldest_unpublished_seconds', source)).toBe(0);
    expect(await metric('atalaia_outbox_set_aside', source)).toBe(0);
    expect(await metric('atalaia_outbox_send_bytes_count', source)).toBeGreaterThan(0);
  });

  it('when two relays drain one outbox, then one leads, the other stands by, no row is published twice and per-key order holds', async () => {
    const received = await readAll(topic);
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

  /** The `command.failed` results the relay published, by command id. */
  async function failedResults(received: Array<{ value: Record<string, any> }>): Promise<Map<string, Record<string, any>>> {
    return new Map(received.filter(({ value }) => value.type === 'command.failed').map(({ value }) => [value.data.commandId, value]));
  }

  async function readValues(topicName: string): Promise<Array<{ value: Record<string, any> }>> {
    const values: Array<{ value: Record<string, any> }> = [];
    const consumer = kafka.consumer({ groupId: `${topicName}-values` });
    await consumer.connect();
    await consumer.subscribe({ topic: topicName, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void values.push({ value: JSON.parse(message.value!.toString()) }) });
    cleanups.push(() => consumer.disconnect());
    return values;
  }

  const setAsideRows = async () =>
    (await client.query<{ message_id: string; set_aside_reason: string }>('SELECT message_id::text, set_aside_reason FROM outbox_messages WHERE set_aside_at IS NOT NULL')).rows;

  it('when a backlog of the largest valid messages waits with one row larger than the broker accepts, then all the others flow in order and that one is set aside with its command failed', async () => {
    const keys = ['occ-a', 'occ-b', 'occ-c'];
    const executor = executorOf(client);
    for (let sequence = 0; sequence < 300; sequence += 1) {
      const key = keys[sequence % keys.length]!;
      await writeOutboxMessages(executor, [{ topic, key, envelope: largestAuditEnvelope(key, sequence) }]);
      if (sequence === 150) {
        await writeOutboxMessages(executor, [{ topic, key: 'occ-a', envelope: commandEnvelope('occ-a', -1, '火'.repeat(400_000)) }]);
      }
    }
    const { rows: sizes } = await client.query<{ largest: number; oversized: number }>(
      `SELECT max(octet_length(payload::text)) FILTER (WHERE payload->>'type' = 'audit.entry')::int AS largest,
              max(octet_length(payload::text)) FILTER (WHERE payload->>'type' <> 'audit.entry')::int AS oversized FROM outbox_messages`,
    );
    expect(sizes[0]!.largest).toBeGreaterThan(25_000);
    expect(sizes[0]!.oversized).toBeGreaterThan(1_048_588);
    const oversizedCommand = (await client.query<{ id: string }>("SELECT payload->>'commandId' AS id FROM outbox_messages WHERE payload->>'type' <> 'audit.entry'")).rows[0]!.id;
    const received = await readAll(topic);
    const results = await readValues(resultsTopic);
    const source = `large-${randomUUID()}`;
    const unwatch = watchOutboxBacklog([{ name: source, databaseUrl: database.url }]);
    cleanups.push(unwatch);

    startRelay({ sourceName: source, batchSize: 500 });

    await waitFor(async () => (await client.query('SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL AND set_aside_at IS NULL')).rows[0].n === 0, {
      description: 'every row published or set aside',
    });
    await drainToEnd(kafka, topic, received);
    expect(repeatedIn(received.map((message) => message.messageId))).toEqual([]);
    expect(received).toHaveLength(300);
    for (const key of keys) {
      const sequences = received.filter((message) => message.key === key).map((message) => message.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(sequences).toHaveLength(100);
    }
    const setAside = await setAsideRows();
    expect(setAside).toHaveLength(1);
    expect(setAside[0]!.set_aside_reason).toMatch(/^MESSAGE_TOO_LARGE: \d+ bytes/);
    const failed = await waitFor(async () => (await failedResults(results)).get(oversizedCommand), { description: 'the command failed result on Kafka' });
    expect(failed.data).toMatchObject({ status: 'failed', commandType: 'occurrence.start', error: { code: 'MESSAGE_REJECTED_BY_BROKER' } });
    expect(await metric('atalaia_outbox_set_aside_total', source, 'reason="MESSAGE_TOO_LARGE"')).toBe(1);
    expect(await metric('atalaia_outbox_set_aside', source)).toBe(1);
    expect(await metric('atalaia_outbox_backlog', source)).toBe(0);
  });

  it('when the broker itself refuses a row in a send, then the send is split until that row is alone, the row is set aside and every other row flows in first-seen order', async () => {
    const keys = ['occ-a', 'occ-b'];
    const executor = executorOf(client);
    for (let sequence = 0; sequence < 40; sequence += 1) {
      const key = keys[sequence % keys.length]!;
      await writeOutboxMessages(executor, [{ topic, key, envelope: commandEnvelope(key, sequence) }]);
      if (sequence === 20) await writeOutboxMessages(executor, [{ topic, key: 'occ-a', envelope: commandEnvelope('occ-a', -1, 'x'.repeat(1_200_000)) }]);
    }
    const received = await readAll(topic);
    const results = await readValues(resultsTopic);
    const source = `refused-${randomUUID()}`;

    // Limits above the broker's, so the broker, not the relay, refuses the large row.
    startRelay({ sourceName: source, maxBatchBytes: 4_000_000, maxMessageBytes: 4_000_000 });

    const setAside = await waitFor(async () => (await setAsideRows()).at(0), { description: 'the refused row set aside' });
    expect(setAside.set_aside_reason).toMatch(/^MESSAGE_TOO_LARGE: /);
    await waitFor(async () => (await client.query('SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL AND set_aside_at IS NULL')).rows[0].n === 0, {
      description: 'every other row published',
    });
    await drainToEnd(kafka, topic, received);
    // Rows of partitions the broker took before the refusal may be sent again: at least once, never out of order.
    expect(new Set(received.map((message) => message.messageId)).size).toBe(40);
    expect(received.some((message) => message.messageId === setAside.message_id)).toBe(false);
    for (const key of keys) {
      const sequences = firstSeenSequences(received, key);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    }
    await waitFor(async () => [...(await failedResults(results)).values()].some((result) => result.causationId === setAside.message_id), {
      description: 'the refused command failed on Kafka',
    });
    expect(await metric('atalaia_outbox_set_aside_total', source, 'reason="MESSAGE_TOO_LARGE"')).toBe(1);
  });

  it('when the producer fails with a fatal error (out-of-order sequence), then the relay replaces it and keeps publishing every row exactly once', async () => {
    const received = await readAll(topic);
    const source = `rebuild-${randomUUID()}`;
    let connects = 0;
    const connectProducer = async () => {
      connects += 1;
      const producer = await connectIdempotentProducer(kafka);
      if (connects > 1) return producer;
      // The first producer's first send fails as kafkajs reports a broken sequence, before anything reaches the broker.
      let failed = false;
      const sendBatch: typeof producer.sendBatch = async (batch) => {
        if (failed) return producer.sendBatch(batch);
        failed = true;
        const outOfOrder = new KafkaJSProtocolError({ message: 'The broker received an out of order sequence number', type: 'OUT_OF_ORDER_SEQUENCE_NUMBER', code: 45, retriable: false } as never);
        throw Object.assign(new KafkaJSNonRetriableError(outOfOrder), { cause: outOfOrder });
      };
      return Object.assign(Object.create(producer), { sendBatch });
    };
    await writeRows(client, topic, ['occ-a', 'occ-b'], 60);

    startRelay({ sourceName: source, connectProducer });

    await waitFor(async () => (await metric('atalaia_outbox_published_total', source)) === 60, { description: 'the first rows published' });
    await writeRows(client, topic, ['occ-a', 'occ-b'], 40, 60);
    await expectEachRowOnTheTopicExactlyOnce(received);
    expect(received).toHaveLength(100);
    expect(connects).toBe(2);
    expect(await metric('atalaia_outbox_producer_rebuilds_total', source, 'kind="OUT_OF_ORDER_SEQUENCE_NUMBER"')).toBe(1);
    for (const key of ['occ-a', 'occ-b']) {
      const sequences = received.filter((message) => message.key === key).map((message) => message.sequence);
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    }
  });
});
