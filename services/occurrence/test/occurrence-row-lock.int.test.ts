import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createEnvelope, topicNames, type TypedEnvelope } from '@atalaia/contracts';
import { createPostgresPool, endPostgresPool, pgTransactions, type PostgresPool, type TransactionRunner } from '@atalaia/database';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { OccurrenceRepository } from '../src/db/occurrence-repository';
import { createOccurrencePrisma, type OccurrencePrisma } from '../src/db/prisma';
import { noGeocoder } from '../src/geocoding/geocoder';
import { changeOccurrenceStatus } from '../src/use-cases/change-occurrence-status';
import type { OccurrenceUseCaseDeps } from '../src/use-cases/occurrence-source';

const migrations = path.resolve(__dirname, '../prisma/migrations');

function lifecycleCommand(type: 'occurrence.start' | 'occurrence.cancel', occurrenceId: string) {
  return createEnvelope({
    type,
    source: 'test',
    aggregateType: 'occurrence',
    subject: occurrenceId,
    commandId: randomUUID(),
    actor: { clientId: 'client', agencyId: 'agency' },
    data: { occurrenceId, ...(type === 'occurrence.cancel' ? { reason: 'race' } : {}) },
  }) as TypedEnvelope<typeof type>;
}

/** Parallel transactions straight against the use case: what Kafka's per-partition order would otherwise hide. */
describe('occurrence row lock', () => {
  let database: TestDatabase;
  let pool: PostgresPool;
  let prisma: OccurrencePrisma;
  let transaction: TransactionRunner;
  let deps: OccurrenceUseCaseDeps;

  beforeEach(async () => {
    database = await createTestDatabase('occurrence_lock', migrations);
    // Ten connections: ten transactions at a time contend for the row lock, the rest queue for a connection.
    pool = createPostgresPool(database.url);
    prisma = createOccurrencePrisma(pool);
    transaction = pgTransactions(pool);
    deps = { repository: new OccurrenceRepository(prisma), topics: topicNames('lock'), geocoder: noGeocoder };
  });

  afterEach(async () => {
    await prisma.$disconnect();
    await endPostgresPool(pool);
    await database.drop();
  });

  it('when 50 transactions start and cancel one occurrence at once, then the outcomes are those of some serial order', async () => {
    const occurrence = await prisma.occurrence.create({
      data: { id: randomUUID(), agencyId: 'agency', externalId: 'EXT-1', type: 'resgate', description: 'x', reportedAt: new Date() },
    });
    const commands = Array.from({ length: 50 }, (_, index) =>
      lifecycleCommand(index % 2 ? 'occurrence.cancel' : 'occurrence.start', occurrence.id),
    );

    await Promise.all(commands.map((command) => transaction((tx) => changeOccurrenceStatus(deps, tx, command))));

    const outbox = await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    const types = outbox.map((row) => (row.payload as { type: string }).type);
    const events = types.filter((type) => type.startsWith('occurrence.'));
    const final = await prisma.occurrence.findUniqueOrThrow({ where: { id: occurrence.id } });
    // Valid serial orders: cancel first (1 change), or start then cancel (2 changes).
    expect([['occurrence.cancelled'], ['occurrence.started', 'occurrence.cancelled']]).toContainEqual(events);
    expect(final).toMatchObject({ status: 'cancelled', version: 1 + events.length });
    expect(types.filter((type) => type === 'command.processed')).toHaveLength(events.length);
    expect(types.filter((type) => type === 'command.failed')).toHaveLength(50 - events.length);
    expect(types.filter((type) => type === 'audit.entry')).toHaveLength(events.length);
  });
});
