import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createEnvelope, type TypedEnvelope } from '@atalaia/contracts';
import { createPostgresPool, pgTransactions, type PostgresPool, type TransactionRunner } from '@atalaia/database';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { createDispatchPrisma, type DispatchPrisma } from '../src/db/prisma';
import { assignDispatch } from '../src/use-cases/assign-dispatch';
import { changeDispatchStatus } from '../src/use-cases/change-dispatch-status';
import type { DispatchUseCaseDeps } from '../src/use-cases/dispatch-source';
import { followOccurrence } from '../src/use-cases/follow-occurrence';
import { assignCommand, occurrenceEvent, occurrenceSnapshot, registerTestUnits, testActor, testUseCaseDeps } from './dispatch-messages';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const OCCURRENCES = 50;

type Message = { type: string; data: { error?: { code: string; context?: { currentDispatch?: { id: string } } }; cause?: string; previousStatus?: string; unit?: { status: string } } };

/**
 * One unit, one job: the rule is the unique index on (unit_id, active), in
 * the transaction that writes the dispatch. Fifty transactions, each sending
 * the same unit to a different occurrence, run at once on fifty connections.
 */
describe('one unit, one job', () => {
  let database: TestDatabase;
  let pool: PostgresPool;
  let prisma: DispatchPrisma;
  let run: TransactionRunner;
  let deps: DispatchUseCaseDeps;
  let unitId: string;

  beforeEach(async () => {
    database = await createTestDatabase('one_unit_one_job', migrations);
    pool = createPostgresPool(database.url, { max: OCCURRENCES + 10 });
    run = pgTransactions(pool);
    prisma = createDispatchPrisma(pool);
    deps = testUseCaseDeps(prisma, 'one-unit');
    [unitId] = (await registerTestUnits(prisma, ['ABT-12'])) as [string];
  });

  afterEach(async () => {
    await prisma.$disconnect(); // and the pool it shares
    await database.drop();
  });

  const outbox = async (): Promise<Message[]> => (await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } })).map((row) => row.payload as Message);

  /** Fifty occurrences, then the unit sent to all of them at once; what the database and the outbox hold afterwards. */
  async function raceForTheUnit() {
    const occurrences = Array.from({ length: OCCURRENCES }, () => randomUUID());
    for (const occurrenceId of occurrences) {
      await run((tx) => followOccurrence(deps, tx, occurrenceEvent('occurrence.created', occurrenceSnapshot(occurrenceId, 'reported', 1))));
    }
    await Promise.all(occurrences.map((occurrenceId) => run((tx) => assignDispatch(deps, tx, assignCommand(occurrenceId, 'ABT-12')))));
    const messages = await outbox();
    return {
      active: await prisma.dispatch.findMany({ where: { unitId, active: true } }),
      processed: messages.filter((message) => message.type === 'command.processed'),
      refused: messages.filter((message) => message.data.error?.code === 'UNIT_NOT_AVAILABLE'),
      history: await prisma.unitStatusChange.findMany({ where: { unitId }, orderBy: { id: 'asc' } }),
      unit: await prisma.unit.findUniqueOrThrow({ where: { id: unitId } }),
    };
  }

  it('when 50 transactions send one unit to 50 occurrences at once, then exactly one is assigned, 49 are refused naming it, and the unit history is one move', async () => {
    const outcome = await raceForTheUnit();

    expect(outcome.active).toHaveLength(1);
    expect(outcome.processed).toHaveLength(1);
    expect(outcome.refused).toHaveLength(OCCURRENCES - 1);
    for (const refusal of outcome.refused) expect(refusal.data.error?.context?.currentDispatch?.id).toBe(outcome.active[0]!.id);
    expect(outcome.unit.status).toBe('assigned');
    expect(outcome.history.map(({ previousStatus, status, dispatchId }) => [previousStatus, status, dispatchId])).toEqual([
      ['available', 'assigned', outcome.active[0]!.id],
    ]);
  });

  it('when the unique index is dropped, then the same race assigns the unit more than once: the index is what holds the rule', async () => {
    await prisma.$executeRawUnsafe('DROP INDEX dispatches_one_active_per_unit_key');

    const outcome = await raceForTheUnit();

    expect(outcome.active.length).toBeGreaterThan(1);
    expect(outcome.refused.length).toBeLessThan(OCCURRENCES - 1);
    expect(outcome.history.length).toBeGreaterThan(1);
  });

  it('when the dispatch closes after the unit went en route, then the unit is returning, and it can then be sent to another occurrence', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    for (const occurrenceId of [first, second]) {
      await run((tx) => followOccurrence(deps, tx, occurrenceEvent('occurrence.created', occurrenceSnapshot(occurrenceId, 'reported', 1))));
    }
    await run((tx) => assignDispatch(deps, tx, assignCommand(first!, 'ABT-12')));
    const dispatch = await prisma.dispatch.findFirstOrThrow({ where: { unitId } });
    await run((tx) => changeDispatchStatus(deps, tx, dispatchCommand('dispatch.update_status', { dispatchId: dispatch.id, status: 'en_route' })));
    await run((tx) => changeDispatchStatus(deps, tx, dispatchCommand('dispatch.close', { dispatchId: dispatch.id })));
    expect((await prisma.unit.findUniqueOrThrow({ where: { id: unitId } })).status).toBe('returning');

    await run((tx) => assignDispatch(deps, tx, assignCommand(second!, 'ABT-12')));

    const history = await prisma.unitStatusChange.findMany({ where: { unitId }, orderBy: { id: 'asc' } });
    expect(history.map((change) => `${change.previousStatus}→${change.status}`)).toEqual([
      'available→assigned',
      'assigned→en_route',
      'en_route→returning',
      'returning→assigned',
    ]);
    const events = (await outbox()).filter((message) => message.type === 'unit.status_changed');
    expect(events.map((event) => event.data.cause)).toEqual(['dispatch_assigned', 'dispatch_en_route', 'dispatch_closed', 'dispatch_assigned']);
  });

  it('when the occurrence is cancelled, then its dispatch closes and the unit that never left is available again', async () => {
    const occurrenceId = randomUUID();
    await run((tx) => followOccurrence(deps, tx, occurrenceEvent('occurrence.created', occurrenceSnapshot(occurrenceId, 'reported', 1))));
    await run((tx) => assignDispatch(deps, tx, assignCommand(occurrenceId, 'ABT-12')));

    await run((tx) => followOccurrence(deps, tx, occurrenceEvent('occurrence.cancelled', occurrenceSnapshot(occurrenceId, 'cancelled', 2))));

    expect((await prisma.unit.findUniqueOrThrow({ where: { id: unitId } })).status).toBe('available');
    expect(await prisma.dispatch.count({ where: { unitId, active: true } })).toBe(0);
  });

  it('when the unit is out of service, or unknown, then the dispatch is refused with UNIT_NOT_AVAILABLE or UNIT_NOT_FOUND and nothing is written', async () => {
    const occurrenceId = randomUUID();
    await run((tx) => followOccurrence(deps, tx, occurrenceEvent('occurrence.created', occurrenceSnapshot(occurrenceId, 'reported', 1))));
    await prisma.unit.update({ where: { id: unitId }, data: { status: 'out_of_service', statusReason: 'pump repair' } });

    await run((tx) => assignDispatch(deps, tx, assignCommand(occurrenceId, 'ABT-12')));
    await run((tx) => assignDispatch(deps, tx, assignCommand(occurrenceId, 'ABT-404')));

    const errors = (await outbox()).map((message) => message.data.error);
    expect(errors).toEqual([
      expect.objectContaining({ code: 'UNIT_NOT_AVAILABLE', detail: 'unit ABT-12 is out of service: pump repair' }),
      expect.objectContaining({ code: 'UNIT_NOT_FOUND' }),
    ]);
    expect(await prisma.dispatch.count()).toBe(0);
  });
});

function dispatchCommand<T extends 'dispatch.update_status' | 'dispatch.close'>(type: T, data: TypedEnvelope<T>['data']): TypedEnvelope<T> {
  return createEnvelope({ type, source: 'test', aggregateType: 'dispatch', subject: data.dispatchId, commandId: randomUUID(), actor: testActor, data }) as TypedEnvelope<T>;
}
