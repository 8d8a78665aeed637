import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DispatchSnapshot } from '@atalaia/contracts';
import { createPostgresPool, pgTransactions, type TransactionRunner } from '@atalaia/database';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { toDispatchSnapshot } from '../src/db/dispatch-repository';
import { createDispatchPrisma, type DispatchPrisma } from '../src/db/prisma';
import { assignDispatch } from '../src/use-cases/assign-dispatch';
import type { DispatchUseCaseDeps } from '../src/use-cases/dispatch-source';
import { followOccurrence } from '../src/use-cases/follow-occurrence';
import { assignCommand, occurrenceEvent, occurrenceSnapshot, registerTestUnits, testUseCaseDeps } from './dispatch-messages';

const migrations = path.resolve(__dirname, '../prisma/migrations');

/** The consumers write dispatches in SQL, the HTTP reads go through Prisma: both must describe a dispatch alike. */
describe('dispatch snapshots', () => {
  let database: TestDatabase;
  let prisma: DispatchPrisma;
  let run: TransactionRunner;
  let deps: DispatchUseCaseDeps;

  beforeEach(async () => {
    database = await createTestDatabase('dispatch_snapshots', migrations);
    const pool = createPostgresPool(database.url);
    run = pgTransactions(pool);
    prisma = createDispatchPrisma(pool);
    deps = testUseCaseDeps(prisma, 'snapshots');
    await registerTestUnits(prisma, ['ABT-1', 'ABT-2', 'ABT-3']);
  });

  afterEach(async () => {
    await prisma.$disconnect(); // and the pool it shares
    await database.drop();
  });

  const announced = async (type: string): Promise<DispatchSnapshot[]> =>
    (await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } }))
      .map((row) => row.payload as { type: string; data: { dispatch: DispatchSnapshot } })
      .filter((message) => message.type === type)
      .map((message) => message.data.dispatch);

  it('when a dispatch is assigned and then closed with its occurrence, then each event carries the dispatch exactly as the HTTP read returns it', async () => {
    const occurrenceId = randomUUID();
    await run((tx) => followOccurrence(deps, tx, occurrenceEvent('occurrence.created', occurrenceSnapshot(occurrenceId, 'reported', 1))));

    await run((tx) => assignDispatch(deps, tx, assignCommand(occurrenceId, 'ABT-1')));
    const [assigned] = await announced('dispatch.assigned');
    expect(assigned).toStrictEqual(toDispatchSnapshot((await deps.dispatches.findById(assigned!.id))!));

    await run((tx) => followOccurrence(deps, tx, occurrenceEvent('occurrence.cancelled', occurrenceSnapshot(occurrenceId, 'cancelled', 2))));
    const [closed] = await announced('dispatch.closed');
    expect(closed).toMatchObject({ id: assigned!.id, status: 'closed', closeReason: 'occurrence_cancelled', version: 2, closedAt: expect.any(String) });
    expect(closed).toStrictEqual(toDispatchSnapshot((await deps.dispatches.findById(assigned!.id))!));
  });
});
