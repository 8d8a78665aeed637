import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Kafka, Producer } from 'kafkajs';
import { createEnvelope, occurrenceIdFor, topicNames, type OccurrenceIntake, type Topics } from '@atalaia/contracts';
import { createPostgresPool, endPostgresPool, type PostgresPool } from '@atalaia/database';
import { connectIdempotentProducer, createKafkaClient, ensureTopics, type MessageConsumer } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { createOccurrenceCommandConsumer, OCCURRENCE_COMMAND_CONSUMER } from '../src/consumers/occurrence-command-consumer';
import { OccurrenceRepository, toSnapshot } from '../src/db/occurrence-repository';
import { createOccurrencePrisma, type OccurrencePrisma } from '../src/db/prisma';
import { noGeocoder } from '../src/geocoding/geocoder';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const logger = createLogger('occurrence-test', 'warn');
const intake = {
  externalId: 'EXT-2026-000123',
  type: 'incendio_urbano',
  description: 'Incêndio em residência',
  reportedAt: '2026-02-01T14:32:00-03:00',
};

function command(data: OccurrenceIntake, time?: Date) {
  return createEnvelope({
    time,
    type: 'occurrence.create_or_update',
    source: 'atalaia.gateway',
    aggregateType: 'occurrence',
    subject: occurrenceIdFor('agency-1', data.externalId),
    commandId: randomUUID(),
    actor: { clientId: 'client-1', agencyId: 'agency-1' },
    data,
  });
}

describe('occurrence command consumer', () => {
  let database: TestDatabase;
  let pool: PostgresPool;
  let prisma: OccurrencePrisma;
  let kafka: Kafka;
  let producer: Producer;
  let consumer: MessageConsumer;
  let topics: Topics;

  beforeEach(async () => {
    database = await createTestDatabase('occurrence_consumer', migrations);
    pool = createPostgresPool(database.url);
    prisma = createOccurrencePrisma(pool);
    const namespace = uniqueTopicNamespace('occ');
    topics = topicNames(namespace);
    kafka = createKafkaClient({ clientId: 'occurrence-test', brokers: testKafkaBrokers(), logger });
    await ensureTopics(kafka, [topics.occurrenceCommands]);
    producer = await connectIdempotentProducer(kafka);
    consumer = createOccurrenceCommandConsumer({
      kafka,
      pool,
      repository: new OccurrenceRepository(prisma),
      topics,
      geocoder: noGeocoder,
      topicNamespace: namespace,
      logger,
    });
  });

  afterEach(async () => {
    await consumer.stop();
    await producer.disconnect();
    await prisma.$disconnect();
    await endPostgresPool(pool);
    await database.drop();
  });

  const send = (envelope: ReturnType<typeof command>, key = envelope.subject) =>
    producer.send({ topic: topics.occurrenceCommands, messages: [{ key, value: JSON.stringify(envelope) }] });

  const outboxPayloads = async () =>
    (await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } })).map(
      (row) => row.payload as { type: string; data: { occurrence?: unknown; before?: unknown; after?: unknown } },
    );
  const outboxTypes = async () => (await outboxPayloads()).map((payload) => payload.type);

  it('when the same message is delivered twice, then it has one effect: one occurrence, one event, one audit entry, one result', async () => {
    const message = command(intake);
    await send(message);
    await send(message);
    // Same Kafka key, so same partition: once the sentinel is processed, the duplicate before it was too.
    await send(command({ ...intake, externalId: 'EXT-SENTINEL' }), message.subject);

    await consumer.start();
    await waitFor(async () => (await prisma.processedMessage.count()) === 2 || undefined, { description: 'both distinct messages processed' });

    expect(await prisma.occurrence.count({ where: { externalId: intake.externalId } })).toBe(1);
    expect(await prisma.processedMessage.findMany({ select: { consumer: true, messageId: true } })).toEqual(
      expect.arrayContaining([{ consumer: OCCURRENCE_COMMAND_CONSUMER, messageId: message.id }]),
    );
    expect(await outboxTypes()).toEqual([
      'occurrence.created',
      'audit.entry',
      'command.processed',
      'occurrence.created',
      'audit.entry',
      'command.processed',
    ]);
  });

  it('when a second command for the same agency and externalId arrives, then the occurrence is updated, not duplicated, and the events carry the stored row', async () => {
    await send(command(intake));
    await send(command({ ...intake, description: 'Incêndio controlado' }));

    await consumer.start();
    await waitFor(async () => (await prisma.processedMessage.count()) === 2 || undefined, { description: 'two commands processed' });

    const occurrences = await prisma.occurrence.findMany();
    expect(occurrences).toHaveLength(1);
    expect(occurrences[0]).toMatchObject({ description: 'Incêndio controlado', version: 2, status: 'reported' });
    expect(await outboxTypes()).toEqual([
      'occurrence.created',
      'audit.entry',
      'command.processed',
      'occurrence.updated',
      'audit.entry',
      'command.processed',
    ]);
    // Event and audit snapshots are the row as Prisma reads it: the same fields, version a number, ISO dates.
    const stored = toSnapshot((await new OccurrenceRepository(prisma).findById(occurrences[0]!.id))!);
    const [created, createdAudit, , updated, updatedAudit] = await outboxPayloads();
    expect(updated!.data.occurrence).toEqual(stored);
    expect(updatedAudit!.data).toMatchObject({ before: created!.data.occurrence, after: stored });
    expect(createdAudit!.data).toMatchObject({ before: null, after: created!.data.occurrence });
    expect(created!.data.occurrence).toEqual({
      ...stored,
      description: intake.description,
      version: 1,
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });

  it('when a report carries a place and a priority, then the occurrence and its event keep them, accepted at the time the gateway accepted it; a later report without them keeps them', async () => {
    const acceptedAt = new Date('2026-02-01T17:32:07.250Z');
    const location = { address: 'Rua Augusta, 100', latitude: -23.5505, longitude: -46.6333, municipality: 'São Paulo', region: 'SP-CENTRO' };
    await send(command({ ...intake, location, priority: 8 }, acceptedAt));
    await send(command({ ...intake, description: 'Fogo controlado' }, new Date('2026-02-01T18:00:00Z')));

    await consumer.start();
    await waitFor(async () => (await prisma.processedMessage.count()) === 2 || undefined, { description: 'both reports processed' });

    const [created, , , updated] = await outboxPayloads();
    const expected = { acceptedAt: acceptedAt.toISOString(), priority: 8, location: { ...location, geocoded: false } };
    expect(created!.data.occurrence).toMatchObject(expected);
    expect(updated!.data.occurrence).toMatchObject({ ...expected, description: 'Fogo controlado' });
    expect((updated!.data as { changedFields?: string[] }).changedFields).toEqual(['description']);
  });
});
