import path from 'node:path';
import type pg from 'pg';
import { createPostgresPool, endPostgresPool } from '@atalaia/database';
import { contextFromCarrier, currentTraceCarrier, startTelemetry, withSpan } from '@atalaia/telemetry';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { CommandStore, type AcceptBatching, type AcceptOutcome, type CommandRequest } from '../src/db/command-store';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { occurrenceCommand } from './command-requests';

const migrations = path.resolve(__dirname, '../prisma/migrations');

/** A Prisma client that notes each accept statement it sends: one request alone, or a batch. */
function countingAccepts(prisma: GatewayPrisma) {
  const sent: Array<'single' | 'batch'> = [];
  const counting = new Proxy(prisma, {
    get(target, property) {
      if (property !== '$queryRawUnsafe') return Reflect.get(target, property);
      return (sql: string, ...values: unknown[]) => {
        if (sql.includes('INSERT INTO commands')) sent.push(sql.includes('ON CONFLICT') ? 'batch' : 'single');
        return target.$queryRawUnsafe(sql, ...values);
      };
    },
  });
  return { prisma: counting, sent };
}

const traceIdOf = (index: number) => index.toString(16).padStart(32, 'a');

/** Accepts `request` as the route does, inside the trace of an incoming request with trace id `traceId`. */
function acceptInTrace(store: CommandStore, request: CommandRequest, traceId: string): Promise<AcceptOutcome> {
  const parent = contextFromCarrier({ traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
  return withSpan('accept', { parent }, () => store.accept({ ...request, traceparent: currentTraceCarrier().traceparent }));
}

describe('accept batching (group commit of concurrent accepts)', () => {
  const telemetry = startTelemetry({ serviceName: 'gateway-test' });
  let database: TestDatabase;
  let pool: pg.Pool;
  let prisma: GatewayPrisma;
  let sent: Array<'single' | 'batch'>;
  let counted: GatewayPrisma;

  beforeEach(async () => {
    database = await createTestDatabase('gateway_batching', migrations);
    pool = createPostgresPool(database.url);
    prisma = createGatewayPrisma(pool);
    ({ prisma: counted, sent } = countingAccepts(prisma));
  });

  afterEach(async () => {
    await prisma.$disconnect();
    await endPostgresPool(pool);
    await database.drop();
  });

  afterAll(() => telemetry.shutdown());

  const store = (batching: Partial<AcceptBatching> = {}) => new CommandStore(counted, batching);
  const outboxCommandIds = async () =>
    (await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } })).map((row) => (row.payload as { commandId: string }).commandId);
  const counts = async () => ({ commands: await prisma.command.count(), outbox: await prisma.outboxMessage.count() });

  it('when 64 accepts arrive together, then they share one statement after the first, and each has one outbox row, in request order, in its own trace', async () => {
    const accepts = store({ maxInFlight: 1, maxBatchItems: 64 });
    const requests = Array.from({ length: 64 }, (_, index) => occurrenceCommand(`EXT-${index}`));

    const outcomes = await Promise.all(requests.map((request, index) => acceptInTrace(accepts, request, traceIdOf(index))));

    expect(sent).toEqual(['single', 'batch']);
    expect(outcomes.every((outcome) => outcome.kind === 'accepted')).toBe(true);
    expect(await outboxCommandIds()).toEqual(outcomes.map((outcome) => outcome.commandId));
    const outbox = await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    const commands = new Map((await prisma.command.findMany()).map((command) => [command.id, command]));
    outcomes.forEach((outcome, index) => {
      const traceparent = expect.stringMatching(new RegExp(`^00-${traceIdOf(index)}-`));
      expect(outbox[index]!.headers).toMatchObject({ traceparent });
      expect(outbox[index]!.payload).toMatchObject({ traceparent, data: requests[index]!.payload });
      expect(commands.get(outcome.commandId)).toMatchObject({ traceparent, idempotencyKey: requests[index]!.idempotencyKey, payload: requests[index]!.payload });
    });
  });

  it('when one batch holds a key twice, and a key accepted earlier, then the first request wins, the others replay or conflict, and only new commands get outbox rows', async () => {
    const accepts = store({ maxInFlight: 1 });
    const earlier = await accepts.accept(occurrenceCommand('EXT-EARLIER'));
    const changed = { externalId: 'EXT-A', type: 'incendio_urbano', description: 'outra coisa', reportedAt: '2026-02-01T14:32:00-03:00' };
    const batch = [
      occurrenceCommand('EXT-FIRST'),
      occurrenceCommand('EXT-A'),
      occurrenceCommand('EXT-A', { payload: changed }),
      occurrenceCommand('EXT-EARLIER'),
      occurrenceCommand('EXT-B'),
      occurrenceCommand('EXT-A'),
    ];

    const [first, a, aChanged, earlierAgain, b, aAgain] = await Promise.all(batch.map((request) => accepts.accept(request)));

    expect(sent).toEqual(['single', 'single', 'batch']);
    expect([first, a, b].map((outcome) => outcome!.kind)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(aChanged).toEqual({ kind: 'conflict', commandId: a!.commandId, reason: 'different_payload' });
    expect(aAgain).toEqual({ ...a, kind: 'replay' });
    expect(earlierAgain).toEqual({ ...earlier, kind: 'replay' });
    expect(await outboxCommandIds()).toEqual([earlier, first, a, b].map((outcome) => outcome!.commandId));
  });

  it('when 48 identical requests race with one key from 8 batching stores on 8 connection pools, then exactly one command and one outbox row exist and all name it', async () => {
    const pools = Array.from({ length: 8 }, () => createGatewayPrisma(database.url));
    try {
      // Connect every pool first so the requests reach the database together.
      await Promise.all(pools.map((pool) => Promise.all(Array.from({ length: 6 }, () => pool.$executeRawUnsafe('SELECT pg_sleep(0.05)')))));
      const stores = pools.map((pool) => countingAccepts(pool));
      const outcomes = await Promise.all(
        stores.flatMap(({ prisma: counting }) => {
          const accepts = new CommandStore(counting, { maxInFlight: 2 });
          return Array.from({ length: 6 }, () => accepts.accept(occurrenceCommand('EXT-RACE')));
        }),
      );

      expect(stores.flatMap((counting) => counting.sent).filter((kind) => kind === 'batch')).toHaveLength(8);
      expect(new Set(outcomes.map((outcome) => outcome.commandId)).size).toBe(1);
      expect(outcomes.filter((outcome) => outcome.kind === 'accepted')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.kind === 'replay')).toHaveLength(47);
      expect(await counts()).toEqual({ commands: 1, outbox: 1 });
    } finally {
      await Promise.all(pools.map((pool) => pool.$disconnect()));
    }
  });

  it('when one request makes its batch statement fail, then the others are retried alone, in their own traces, and only it fails', async () => {
    const accepts = store({ maxInFlight: 1 });
    // jsonb refuses \u0000: a request the contracts accept but the database does not.
    const bad = occurrenceCommand('EXT-BAD', { payload: { externalId: 'EXT-BAD', type: 'incendio_urbano', description: 'nul \u0000', reportedAt: '2026-02-01T14:32:00-03:00' } });
    const requests = [occurrenceCommand('EXT-FIRST'), occurrenceCommand('EXT-1'), bad, occurrenceCommand('EXT-2')];

    const outcomes = await Promise.allSettled(requests.map((request, index) => acceptInTrace(accepts, request, traceIdOf(index))));

    expect(sent).toEqual(['single', 'batch', 'single', 'single', 'single']);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await counts()).toEqual({ commands: 3, outbox: 3 });
    const outbox = await prisma.outboxMessage.findMany({ orderBy: { id: 'asc' } });
    const traceIds = outbox.map((row) => (row.headers as { traceparent: string }).traceparent.split('-')[1]);
    expect(traceIds.sort()).toEqual([0, 1, 3].map(traceIdOf).sort());
  });
});
