import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { topicNames } from '@atalaia/contracts';
import { createPostgresPool, pgTransactions, type PostgresPool, type TransactionRunner } from '@atalaia/database';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, waitFor, type TestDatabase } from '@atalaia/testing';
import { createDispatchPrisma, type DispatchPrisma } from '../src/db/prisma';
import { ParkedCommandExpiry } from '../src/jobs/parked-command-expiry';
import { assignDispatch } from '../src/use-cases/assign-dispatch';
import type { DispatchUseCaseDeps } from '../src/use-cases/dispatch-source';
import { followOccurrence } from '../src/use-cases/follow-occurrence';
import { assignCommand, occurrenceEvent, occurrenceSnapshot, registerTestUnits, testUseCaseDeps } from './dispatch-messages';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const logger = createLogger('dispatch-test', 'warn');

interface CommandResult {
  type: string;
  commandId: string;
  data: { result?: { dispatchId: string }; error?: { code: string; title: string; detail: string } };
}

/** The use cases on a real database, without Kafka: each call is one transaction, as a consumer runs it. */
describe('parked dispatch commands', () => {
  let database: TestDatabase;
  let pool: PostgresPool;
  let prisma: DispatchPrisma;
  let run: TransactionRunner;

  beforeEach(async () => {
    database = await createTestDatabase('dispatch_parked', migrations);
    // Sixty concurrent transactions in one test: each gets its connection, they wait on locks only.
    pool = createPostgresPool(database.url, { max: 70 });
    run = pgTransactions(pool);
    prisma = createDispatchPrisma(pool);
    const numbered = (prefix: string) => Array.from({ length: 30 }, (_, index) => `${prefix}-${index}`);
    await registerTestUnits(prisma, ['ABT-1', 'ABT-2', 'ABT-4', 'ABT-6', ...numbered('ABT-3'), ...numbered('ABT-5')]);
  });

  afterEach(async () => {
    await prisma.$disconnect(); // and the pool it shares
    await database.drop();
  });

  const depsWithGrace = (occurrenceViewGraceMs: number): DispatchUseCaseDeps => testUseCaseDeps(prisma, 'parked', occurrenceViewGraceMs);
  const assign = (deps: DispatchUseCaseDeps, command: ReturnType<typeof assignCommand>) => run((tx) => assignDispatch(deps, tx, command));
  const occurrenceCreated = (deps: DispatchUseCaseDeps, occurrenceId: string) =>
    run((tx) => followOccurrence(deps, tx, occurrenceEvent('occurrence.created', occurrenceSnapshot(occurrenceId, 'reported', 1))));

  const results = async (): Promise<CommandResult[]> =>
    (await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } }))
      .map((row) => row.payload as unknown as CommandResult)
      .filter((message) => message.type === 'command.processed' || message.type === 'command.failed');
  const outcomeOf = (all: CommandResult[], commandId: string | undefined) =>
    all.filter((result) => result.commandId === commandId).map((result) => result.data.error?.code ?? 'processed');
  const parkedCommandIds = async () =>
    (await prisma.parkedDispatchCommand.findMany({ orderBy: { id: 'asc' } })).map((row) => (row.envelope as { commandId: string }).commandId);

  it('when commands arrive before their occurrence, then they are parked and applied in order, once, when its first event arrives', async () => {
    const deps = depsWithGrace(60_000);
    const occurrenceId = randomUUID();
    const first = assignCommand(occurrenceId, 'ABT-1');
    const second = assignCommand(occurrenceId, 'ABT-1');
    await assign(deps, first);
    await assign(deps, second);
    expect(await parkedCommandIds()).toEqual([first.commandId, second.commandId]);
    expect(await results()).toEqual([]);

    await occurrenceCreated(deps, occurrenceId);
    await run((tx) => followOccurrence(deps, tx, occurrenceEvent('occurrence.started', occurrenceSnapshot(occurrenceId, 'in_progress', 2))));

    const all = await results();
    expect(all.map((result) => result.commandId)).toEqual([first.commandId, second.commandId]);
    expect(outcomeOf(all, first.commandId)).toEqual(['processed']);
    expect(outcomeOf(all, second.commandId)).toEqual(['UNIT_NOT_AVAILABLE']);
    expect(await prisma.dispatch.count({ where: { occurrenceId } })).toBe(1);
    expect(await parkedCommandIds()).toEqual([]);
  });

  it('when a command arrives while an earlier one is parked for its occurrence, then it parks behind it even though the view exists', async () => {
    const deps = depsWithGrace(60_000);
    const occurrenceId = randomUUID();
    const parkedEarlier = assignCommand(occurrenceId, 'ABT-2');
    await assign(deps, parkedEarlier);
    // A view that appeared without applying what was parked: only the ordering rule keeps the next command behind.
    await prisma.$executeRaw`INSERT INTO occurrence_views (occurrence_id, agency_id, status, version) VALUES (${occurrenceId}::uuid, 'agency', 'reported', 1)`;

    const later = assignCommand(occurrenceId, 'ABT-2');
    await assign(deps, later);

    expect(await parkedCommandIds()).toEqual([parkedEarlier.commandId, later.commandId]);
    expect(await results()).toEqual([]);
  });

  it('when commands park while the first event of their occurrence is applied at the same moment, then none is left parked', async () => {
    const deps = depsWithGrace(60_000);
    const occurrences = Array.from({ length: 30 }, () => randomUUID());
    const commands = occurrences.map((occurrenceId, index) => assignCommand(occurrenceId, `ABT-3-${index}`));

    await Promise.all(occurrences.flatMap((occurrenceId, index) => [assign(deps, commands[index]!), occurrenceCreated(deps, occurrenceId)]));

    expect(await parkedCommandIds()).toEqual([]);
    const all = await results();
    for (const command of commands) expect(outcomeOf(all, command.commandId)).toEqual(['processed']);
  });

  it('when the grace runs out, then parked commands fail with OCCURRENCE_NOT_FOUND as an unknown occurrence always has, once each, with two expiry jobs running', async () => {
    const deps = depsWithGrace(1);
    const commands = Array.from({ length: 20 }, () => assignCommand(randomUUID(), 'ABT-4'));
    for (const command of commands) await assign(deps, command);
    const expiries = [new ParkedCommandExpiry(run, deps, logger), new ParkedCommandExpiry(run, deps, logger)];

    await waitFor(async () => {
      await Promise.all(expiries.map((expiry) => expiry.runOnce()));
      return (await parkedCommandIds()).length === 0;
    }, { description: 'every parked command expired' });

    const all = await results();
    expect(all).toHaveLength(commands.length);
    for (const command of commands) {
      expect(all.filter((result) => result.commandId === command.commandId)).toEqual([
        expect.objectContaining({
          type: 'command.failed',
          data: expect.objectContaining({ error: { code: 'OCCURRENCE_NOT_FOUND', title: 'The unit cannot be dispatched', detail: 'no such occurrence' } }),
        }),
      ]);
    }
  });

  it('when the grace runs out while the occurrence arrives, then each parked command has exactly one outcome', async () => {
    const deps = depsWithGrace(1);
    const occurrences = Array.from({ length: 30 }, () => randomUUID());
    const commands = occurrences.map((occurrenceId, index) => assignCommand(occurrenceId, `ABT-5-${index}`));
    for (const command of commands) await assign(deps, command);
    const expiry = new ParkedCommandExpiry(run, deps, logger);

    await Promise.all([expiry.runOnce(), ...occurrences.map((occurrenceId) => occurrenceCreated(deps, occurrenceId))]);
    await expiry.runOnce();

    const all = await results();
    for (const command of commands) expect(outcomeOf(all, command.commandId)).toEqual([expect.stringMatching(/^(processed|OCCURRENCE_NOT_FOUND)$/)]);
    expect(await prisma.dispatch.count()).toBe(all.filter((result) => result.type === 'command.processed').length);
    expect(await parkedCommandIds()).toEqual([]);
  });

  it('when the grace is zero, then a command for an unknown occurrence fails at once instead of parking', async () => {
    const deps = depsWithGrace(0);
    const command = assignCommand(randomUUID(), 'ABT-6');

    await assign(deps, command);

    expect(await parkedCommandIds()).toEqual([]);
    expect(outcomeOf(await results(), command.commandId)).toEqual(['OCCURRENCE_NOT_FOUND']);
  });
});
