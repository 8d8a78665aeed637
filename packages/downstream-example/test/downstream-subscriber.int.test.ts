import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { CloudEvent } from 'cloudevents';
import type { Consumer, Kafka } from 'kafkajs';
import pg from 'pg';
import { createEnvelope, topicNames, type Topics } from '@atalaia/contracts';
import { connectIdempotentProducer, createKafkaClient, ensureTopics } from '@atalaia/kafka';
import { OutboxRelay, commandResultMessage, writeOutboxMessages } from '@atalaia/outbox';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { decodeAtalaiaMessage, publishedSchemaValidator, rewindGroup, startDownstreamSubscriber, type AtalaiaEnvelope } from '../src';

const migrations = path.resolve(__dirname, '../../../services/gateway/prisma/migrations');
const publishedSchemas = path.resolve(__dirname, '../../contracts/published/schemas');
const logger = createLogger('downstream-example-test', 'warn');

const executorOf = (client: pg.Client) => ({
  $executeRawUnsafe: (query: string, ...values: unknown[]) => client.query(query, values).then((r) => r.rowCount ?? 0),
  $queryRawUnsafe: async <T>(query: string, ...values: unknown[]) => (await client.query(query, values)).rows as T,
});

/** A command result, as the occurrence service writes one to its outbox. */
function commandProcessed(topics: Topics) {
  const occurrenceId = randomUUID();
  const command = createEnvelope({ type: 'occurrence.start', source: 'atalaia.gateway', aggregateType: 'occurrence', subject: occurrenceId, commandId: randomUUID(), data: { occurrenceId } });
  return commandResultMessage(command, 'atalaia.occurrence', topics, { status: 'processed', aggregateType: 'occurrence', aggregateId: occurrenceId, result: {} });
}

describe('the downstream subscriber example', () => {
  const validator = publishedSchemaValidator(publishedSchemas);
  let database: TestDatabase;
  let client: pg.Client;
  let kafka: Kafka;
  let topics: Topics;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    database = await createTestDatabase('downstream_example', migrations);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    kafka = createKafkaClient({ clientId: 'downstream-example-test', brokers: testKafkaBrokers(), logger });
    topics = topicNames(uniqueTopicNamespace('downstream'));
    await ensureTopics(kafka, [topics.commandResults]);
    const relay = new OutboxRelay({
      sources: [{ name: 'downstream-example', databaseUrl: database.url }],
      connectProducer: () => connectIdempotentProducer(kafka),
      commandResultsTopic: topics.commandResults,
      logger,
      pollIntervalMs: 200,
    });
    relay.start();
    cleanups.push(() => relay.stop());
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await client.end();
    await database.drop();
  });

  async function subscribe(groupId: string, events: Array<CloudEvent<AtalaiaEnvelope>>, rejected: string[]): Promise<Consumer> {
    return startDownstreamSubscriber({
      kafka,
      groupId,
      topics: [topics.commandResults],
      validator,
      onEvent: async (event) => void events.push(event),
      onRejected: async (reason) => void rejected.push(reason),
    });
  }

  it('when every published schema is loaded, then each compiles: a downstream system can validate every message type', () => {
    const ids = Object.keys((validator as unknown as { schemas: Record<string, unknown> }).schemas).filter((id) => id.startsWith('https://atalaia.dev/'));

    expect(ids.length).toBeGreaterThan(20);
    for (const id of ids) expect(validator.getSchema(id)).toBeDefined();
  });

  it('when a message names a schema its data does not satisfy, then it is rejected with the schema error', () => {
    const message = commandProcessed(topicNames(''));
    const headers = { ce_specversion: '1.0', ce_id: message.envelope.id, ce_source: '/atalaia/occurrence', ce_type: 'dev.atalaia.command.processed.v1' };
    const value = Buffer.from(JSON.stringify({ ...message.envelope, data: { commandId: 'not-a-uuid' } }));

    const decoded = decodeAtalaiaMessage(
      { key: null, value, headers: { ...headers, 'content-type': 'application/json', ce_dataschema: 'https://atalaia.dev/schemas/command.processed.v1.json' } },
      validator,
    );

    expect(decoded).toEqual({ ok: false, reason: expect.stringContaining('data/commandId must match format "uuid"') });
  });

  it('when Atalaia publishes a message, then the subscriber gets it as a validated CloudEvent, and after a rewind of its group it gets it again', async () => {
    const groupId = `downstream-${randomUUID()}`;
    const before = new Date(Date.now() - 1_000);
    const message = commandProcessed(topics);
    await writeOutboxMessages(executorOf(client), [message]);
    const events: Array<CloudEvent<AtalaiaEnvelope>> = [];
    const rejected: string[] = [];

    const first = await subscribe(groupId, events, rejected);
    cleanups.push(() => first.disconnect());
    await waitFor(async () => events.length === 1, { description: 'the message, once' });
    await first.disconnect();
    await rewindGroup(kafka, groupId, topics.commandResults, before);
    const second = await subscribe(groupId, events, rejected);
    cleanups.push(() => second.disconnect());

    await waitFor(async () => events.length === 2, { description: 'the message, replayed' });
    expect(rejected).toEqual([]);
    expect(events.map((event) => [event.id, event.type, event.subject, event.data?.type])).toEqual([
      [message.envelope.id, 'dev.atalaia.command.processed.v1', message.key, 'command.processed'],
      [message.envelope.id, 'dev.atalaia.command.processed.v1', message.key, 'command.processed'],
    ]);
  });
});
