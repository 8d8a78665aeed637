import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createPostgresPool, pgTransactions, type PostgresPool, type TransactionRunner } from '@atalaia/database';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { createDispatchPrisma, type DispatchPrisma } from '../src/db/prisma';
import { assignDispatch } from '../src/use-cases/assign-dispatch';
import { followOccurrence } from '../src/use-cases/follow-occurrence';
import { assignCommand, occurrenceEvent, occurrenceSnapshot, registerTestUnits, testUseCaseDeps } from './dispatch-messages';

const migrations = path.resolve(__dirname, '../prisma/migrations');

describe('dispatch row locks and unique active dispatch', () => {
  let database: TestDatabase;
  let pool: PostgresPool;
  let prisma: DispatchPrisma;
  let run: TransactionRunner;
  let deps: Parameters<typeof assignDispatch>[0];

  beforeEach(async () => {
    database = await createTestDatabase('dispatch_lock', migrations);
    // A connection for each of the fifty transactions: they all hold one at once and queue on the lock, which is what is tested.
    pool = createPostgresPool(database.url, { max: 60 });
    run = pgTransactions(pool);
    prisma = createDispatchPrisma(pool);
    deps = testUseCaseDeps(prisma, 'lock');
    await registerTestUnits(prisma, ['ABT-12', ...Array.from({ length: 20 }, (_, index) => `ABT-${index}`)]);
  });

  afterEach(async () => {
    await prisma.$disconnect(); // and the pool it shares
    await database.drop();
  });

  it('when 50 transactions dispatch one unit to one occurrence at once, then exactly one dispatch is active', async () => {
    const occurrenceId = randomUUID();
    await run((tx) => followOccurrence(deps, tx, occurrenceEvent('occurrence.created', occurrenceSnapshot(occurrenceId, 'reported', 1))));

    await Promise.all(Array.from({ length: 50 }, () => run((tx) => assignDispatch(deps, tx, assignCommand(occurrenceId, 'ABT-12')))));

    expect(await prisma.dispatch.count({ where: { occurrenceId, active: true } })).toBe(1);
    const results = (await prisma.outboxMessage.findMany()).map((row) => row.payload as { type: string; data: { error?: { code: string } } });
    expect(results.filter((message) => message.type === 'command.processed')).toHaveLength(1);
    expect(results.filter((message) => message.data.error?.code === 'UNIT_NOT_AVAILABLE')).toHaveLength(49);
  });

  it('when dispatches race with the occurrence being cancelled, then no dispatch is left open on the cancelled occurrence', async () => {
    const occurrenceId = randomUUID();
    await run((tx) => followOccurrence(deps, tx, occurrenceEvent('occurrence.created', occurrenceSnapshot(occurrenceId, 'reported', 1))));

    await Promise.all([
      ...Array.from({ length: 20 }, (_, index) => run((tx) => assignDispatch(deps, tx, assignCommand(occurrenceId, `ABT-${index}`)))),
      run((tx) => followOccurrence(deps, tx, occurrenceEvent('occurrence.cancelled', occurrenceSnapshot(occurrenceId, 'cancelled', 2)))),
    ]);

    expect(await prisma.dispatch.count({ where: { occurrenceId, active: true } })).toBe(0);
    const closed = await prisma.dispatch.findMany({ where: { occurrenceId } });
    expect(closed.every((dispatch) => dispatch.status === 'closed' && dispatch.closeReason === 'occurrence_cancelled')).toBe(true);
  });

  it('when the unique key is hit directly, then the database refuses a second active dispatch of the unit', async () => {
    const occurrenceId = randomUUID();
    const [unitId] = await registerTestUnits(prisma, ['ABT-99']);
    const data = { occurrenceId, agencyId: 'agency', unitId: unitId!, resourceCode: 'ABT-99' };
    await prisma.dispatch.create({ data: { id: randomUUID(), ...data } });

    await expect(prisma.dispatch.create({ data: { id: randomUUID(), ...data } })).rejects.toThrow();
    await prisma.dispatch.create({ data: { id: randomUUID(), ...data, status: 'closed', active: null } });
    // Nor to another occurrence: the key is the unit's, across occurrences.
    await expect(prisma.dispatch.create({ data: { id: randomUUID(), ...data, occurrenceId: randomUUID() } })).rejects.toThrow();
    expect(await prisma.dispatch.count({ where: { occurrenceId } })).toBe(2);
  });
});
