import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Kafka as CloudEventsKafka, type CloudEvent, type KafkaMessage as CloudEventsMessage } from 'cloudevents';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import pg from 'pg';
import { createEnvelope, topicNames, type Envelope, type OccurrenceSnapshot, type Topics } from '@atalaia/contracts';
import { connectIdempotentProducer, createKafkaClient, ensureTopics } from '@atalaia/kafka';
import { contextFromCarrier, createLogger, startTelemetry, withSpan, type Telemetry } from '@atalaia/telemetry';
import { createTestDatabase, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { OutboxRelay, stateChangeMessages, writeOutboxMessages, type OutboxMessageInput } from '../src';

const migrations = path.resolve(__dirname, '../../../services/gateway/prisma/migrations');
const logger = createLogger('cloud-events-test', 'warn');
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

interface Received {
  topic: string;
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

const executorOf = (client: pg.Client) => ({
  $executeRawUnsafe: (query: string, ...values: unknown[]) => client.query(query, values).then((r) => r.rowCount ?? 0),
  $queryRawUnsafe: async <T>(query: string, ...values: unknown[]) => (await client.query(query, values)).rows as T,
});

const headerText = (headers: KafkaMessage['headers']) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, [value].flat().map(String).join(',')]));

function occurrenceSnapshot(id: string): OccurrenceSnapshot {
  const now = new Date().toISOString();
  return {
    id,
    agencyId: 'agency-a',
    externalId: 'EXT-1',
    type: 'incendio_urbano',
    description: 'Smoke from a warehouse',
    status: 'in_progress',
    reportedAt: now,
    acceptedAt: now,
    location: null,
    priority: null,
    statusReason: null,
    startedAt: now,
    closedAt: null,
    version: 2,
    createdAt: now,
    updatedAt: now,
  };
}

/** A command as the gateway writes it, and what the occurrence service writes when it applies it: the event and the audit entry. */
function commandEventAndAuditEntry(topics: Topics): OutboxMessageInput[] {
  const occurrenceId = randomUUID();
  const command = createEnvelope({
    type: 'occurrence.start',
    source: 'atalaia.gateway',
    aggregateType: 'occurrence',
    subject: occurrenceId,
    commandId: randomUUID(),
    correlationId: `request-${randomUUID()}`,
    actor: { clientId: 'client-a', agencyId: 'agency-a' },
    data: { occurrenceId },
  });
  const [event, auditEntry] = stateChangeMessages({
    cause: command,
    source: 'atalaia.occurrence',
    topics,
    eventType: 'occurrence.started',
    eventTopic: topics.occurrenceEvents,
    aggregateType: 'occurrence',
    aggregateId: occurrenceId,
    ownerAgencyId: 'agency-a',
    eventData: { occurrence: occurrenceSnapshot(occurrenceId), previousStatus: 'reported' },
    before: { status: 'reported' },
    after: { status: 'in_progress' },
  });
  return [{ topic: topics.occurrenceCommands, key: occurrenceId, envelope: command }, event!, auditEntry!];
}

describe('CloudEvents attributes on Kafka', () => {
  let database: TestDatabase;
  let client: pg.Client;
  let kafka: Kafka;
  let topics: Topics;
  let telemetry: Telemetry;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeEach(async () => {
    telemetry = startTelemetry({ serviceName: 'cloud-events-test' });
    database = await createTestDatabase('cloud_events', migrations);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    kafka = createKafkaClient({ clientId: 'cloud-events-test', brokers: testKafkaBrokers(), logger });
    topics = topicNames(uniqueTopicNamespace('cloudevents'));
    await ensureTopics(kafka, [topics.occurrenceCommands, topics.occurrenceEvents, topics.auditEvents, topics.commandResults]);
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await client.end();
    await database.drop();
    await telemetry.shutdown();
  });

  async function readAll(topicsToRead: string[]): Promise<Received[]> {
    const received: Received[] = [];
    const consumer: Consumer = kafka.consumer({ groupId: `cloud-events-reader-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: topicsToRead, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        received.push({ topic, key: message.key!.toString(), value: message.value!, headers: headerText(message.headers) });
      },
    });
    cleanups.push(() => consumer.disconnect());
    return received;
  }

  function startRelay(): void {
    const relay = new OutboxRelay({
      sources: [{ name: 'cloud-events', databaseUrl: database.url }],
      connectProducer: () => connectIdempotentProducer(kafka),
      commandResultsTopic: topics.commandResults,
      logger,
      pollIntervalMs: 200,
    });
    relay.start();
    cleanups.push(() => relay.stop());
  }

  it('when a command, an event and an audit entry go through the outbox and the relay, then the CloudEvents SDK reads each as a valid binary-mode event with every attribute', async () => {
    const messages = commandEventAndAuditEntry(topics);
    const incoming = contextFromCarrier({ traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` });
    await withSpan('accept', { parent: incoming }, () => writeOutboxMessages(executorOf(client), messages));
    const received = await readAll(messages.map((message) => message.topic));

    startRelay();

    await waitFor(async () => received.length === messages.length, { description: 'the three messages on Kafka' });
    for (const { topic, key, envelope } of messages) {
      const message = received.find((candidate) => candidate.topic === topic)!;
      const binary: CloudEventsMessage = { key: message.key, value: message.value, body: message.value, headers: message.headers };
      const event = CloudEventsKafka.toEvent(binary) as CloudEvent<Envelope>;
      expect(event.validate()).toBe(true);
      expect({ ...event, data: undefined }).toEqual({
        specversion: '1.0',
        id: envelope.id,
        source: envelope.source === 'atalaia.gateway' ? '/atalaia/gateway' : '/atalaia/occurrence',
        type: `dev.atalaia.${envelope.type}.v1`,
        time: envelope.time,
        subject: key,
        datacontenttype: 'application/json',
        dataschema: `https://atalaia.dev/schemas/${envelope.type}.v1.json`,
        partitionkey: key,
        correlationid: envelope.correlationId,
        commandid: envelope.commandId,
        ...(envelope.causationId ? { causationid: envelope.causationId } : {}),
        data: undefined,
      });
      // The writer adds the trace context to the envelope as well.
      expect(event.data).toEqual({ ...JSON.parse(JSON.stringify(envelope)), traceparent: expect.stringContaining(TRACE_ID) });
      expect(message.headers).toMatchObject({ 'message-id': envelope.id, 'message-type': envelope.type, ce_partitionkey: key });
      expect(message.headers.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-0[01]$`));
    }
  });
});
