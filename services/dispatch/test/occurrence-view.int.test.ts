import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createPostgresPool, pgTransactions, type TransactionRunner } from '@atalaia/database';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { OccurrenceViewStore } from '../src/db/occurrence-view-store';
import { createDispatchPrisma, type DispatchPrisma } from '../src/db/prisma';
import { occurrenceSnapshot } from './dispatch-messages';

const migrations = path.resolve(__dirname, '../prisma/migrations');

describe('the occurrence view', () => {
  let database: TestDatabase;
  let prisma: DispatchPrisma;
  let run: TransactionRunner;
  const views = new OccurrenceViewStore();

  beforeEach(async () => {
    database = await createTestDatabase('dispatch_view', migrations);
    const pool = createPostgresPool(database.url);
    run = pgTransactions(pool);
    prisma = createDispatchPrisma(pool);
  });

  afterEach(async () => {
    await prisma.$disconnect(); // and the pool it shares
    await database.drop();
  });

  it('when snapshots arrive, then the first creates the view, a newer one updates it, and a replayed or older one changes nothing', async () => {
    const occurrenceId = randomUUID();
    const apply = (status: 'reported' | 'in_progress' | 'resolved', version: number) =>
      run((tx) => views.apply(tx, occurrenceSnapshot(occurrenceId, status, version)));

    expect(await apply('reported', 1)).toBe('created');
    expect(await apply('in_progress', 2)).toBe('updated');
    expect(await apply('in_progress', 2)).toBe('stale');
    expect(await apply('reported', 1)).toBe('stale');

    expect(await prisma.occurrenceView.findUniqueOrThrow({ where: { occurrenceId } })).toMatchObject({ status: 'in_progress', version: 2 });
  });

  it('when an assignment locks the view, then it reads the view as stored and whether commands are parked for the occurrence', async () => {
    const occurrenceId = randomUUID();
    expect(await run((tx) => views.lockForAssignment(tx, occurrenceId))).toBeNull();
    await run((tx) => views.apply(tx, occurrenceSnapshot(occurrenceId, 'reported', 3)));
    await prisma.$executeRaw`INSERT INTO parked_dispatch_commands (message_id, occurrence_id, envelope) VALUES (${randomUUID()}::uuid, ${occurrenceId}::uuid, '{}')`;

    expect(await run((tx) => views.lockForAssignment(tx, occurrenceId))).toEqual({
      view: { occurrenceId, agencyId: 'agency', status: 'reported', version: 3 },
      hasParked: true,
    });
  });
});
