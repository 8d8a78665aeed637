import path from 'node:path';
import type pg from 'pg';
import { fingerprint, occurrenceIdFor, topicNames } from '@atalaia/contracts';
import { createPostgresPool, endPostgresPool, pgTransactions } from '@atalaia/database';
import { contextFromCarrier, startTelemetry, withSpan } from '@atalaia/telemetry';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { recordCommandResult } from '../src/db/command-results';
import { CommandStore, type CommandRequest } from '../src/db/command-store';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const topics = topicNames('store-test');
const payload = {
  externalId: 'EXT-2026-000123',
  type: 'incendio_urbano',
  description: 'Incêndio em residência',
  reportedAt: '2026-02-01T14:32:00-03:00',
};

function request(overrides: Partial<CommandRequest> = {}): CommandRequest {
  return {
    client: { id: 'client-1', agencyId: 'agency-1', scopes: [], rateLimitPerMinute: null },
    idempotencyKey: 'ext-2026-000123-create',
    type: 'occurrence.create_or_update',
    aggregateType: 'occurrence',
    scopeKey: 'agency-1:EXT-2026-000123',
    messageKey: occurrenceIdFor('agency-1', 'EXT-2026-000123'),
    topic: topics.occurrenceCommands,
    payload,
    payloadHash: fingerprint(payload),
    expiresAt: new Date(Date.now() + 86_400_000),
    ...overrides,
  };
}

describe('command store (gateway inbox + outbox)', () => {
  const telemetry = startTelemetry({ serviceName: 'gateway-test' });
  let database: TestDatabase;
  let pool: pg.Pool;
  let prisma: GatewayPrisma;
  let store: CommandStore;

  beforeEach(async () => {
    database = await createTestDatabase('gateway_store', migrations);
    pool = createPostgresPool(database.url);
    prisma = createGatewayPrisma(pool);
    store = new CommandStore(prisma);
  });

  afterEach(async () => {
    await prisma.$disconnect();
    await endPostgresPool(pool);
    await database.drop();
  });

  afterAll(() => telemetry.shutdown());

  const counts = async () => ({ commands: await prisma.command.count(), outbox: await prisma.outboxMessage.count() });

  it('when a command is accepted, then the inbox row and its outbox message are stored together, with trace context', async () => {
    const incoming = contextFromCarrier({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    const outcome = await withSpan('accept', { parent: incoming }, () => store.accept(request()));

    expect(outcome.kind).toBe('accepted');
    const [message] = await prisma.outboxMessage.findMany();
    const envelope = message!.payload as Record<string, unknown>;
    // Keyed by the occurrence's id, as every later command about it will be: one partition, in order.
    expect(message).toMatchObject({ topic: topics.occurrenceCommands, messageKey: occurrenceIdFor('agency-1', 'EXT-2026-000123') });
    expect(envelope).toMatchObject({ subject: occurrenceIdFor('agency-1', 'EXT-2026-000123'), type: 'occurrence.create_or_update', commandId: (outcome as { commandId: string }).commandId, data: payload });
    expect(message!.headers).toMatchObject({ traceparent: expect.stringMatching(/^00-4bf92f3577b34da6a3ce929d0e0e4736-/) });
    expect(envelope.traceparent).toBe((message!.headers as Record<string, string>).traceparent);
  });

  it('when writing the outbox row fails after the command insert, then neither row remains', async () => {
    await prisma.$executeRawUnsafe('ALTER TABLE outbox_messages RENAME TO outbox_messages_unavailable');

    await expect(store.accept(request())).rejects.toThrow();

    await prisma.$executeRawUnsafe('ALTER TABLE outbox_messages_unavailable RENAME TO outbox_messages');
    expect(await counts()).toEqual({ commands: 0, outbox: 0 });
  });

  it('when the same key and payload come again, then it is a replay of the same command with no new rows', async () => {
    const first = await store.accept(request());
    const again = await store.accept(request({ payload: { ...payload }, payloadHash: fingerprint({ ...payload }) }));

    expect(again).toEqual({ ...first, kind: 'replay' });
    expect(first).toMatchObject({ status: 'pending' });
    expect(await counts()).toEqual({ commands: 1, outbox: 1 });
  });

  it.each([
    ['processed', undefined],
    ['failed', { code: 'OCCURRENCE_NOT_FOUND', title: 'No such occurrence' }],
  ] as const)('when the same request comes again after its command was %s, then the replay reports that status, not pending', async (status, error) => {
    const first = await store.accept(request());
    await pgTransactions(pool)((tx) =>
      recordCommandResult(tx, { commandId: first.commandId, commandType: 'occurrence.create_or_update', status, ...(error && { error }) }),
    );

    const again = await store.accept(request());

    expect(again).toEqual({ kind: 'replay', commandId: first.commandId, createdAt: (first as { createdAt: Date }).createdAt, status });
    expect(await counts()).toEqual({ commands: 1, outbox: 1 });
  });

  it('when the same key comes with another payload, then it is a conflict and nothing is written', async () => {
    const first = await store.accept(request());
    const changed = { ...payload, description: 'outra coisa' };
    const conflict = await store.accept(request({ payload: changed, payloadHash: fingerprint(changed) }));

    expect(conflict).toEqual({ kind: 'conflict', commandId: (first as { commandId: string }).commandId, reason: 'different_payload' });
    expect(await counts()).toEqual({ commands: 1, outbox: 1 });
  });

  it('when 48 identical requests race with one key from 8 connection pools, then exactly one command and one outbox row exist and all name it', async () => {
    const pools = Array.from({ length: 8 }, () => createGatewayPrisma(database.url));
    try {
      // Connect every pool first so the requests reach the database together.
      await Promise.all(pools.map((pool) => Promise.all(Array.from({ length: 6 }, () => pool.$executeRawUnsafe('SELECT pg_sleep(0.05)')))));
      const outcomes = await Promise.all(pools.flatMap((pool) => Array.from({ length: 6 }, () => new CommandStore(pool).accept(request()))));

      const ids = new Set(outcomes.map((outcome) => outcome.commandId));
      expect(ids.size).toBe(1);
      expect(outcomes.filter((outcome) => outcome.kind === 'accepted')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.kind === 'replay')).toHaveLength(47);
      expect(await counts()).toEqual({ commands: 1, outbox: 1 });
    } finally {
      await Promise.all(pools.map((pool) => pool.$disconnect()));
    }
  });

  it('when two agencies use the same key string, then each gets its own command', async () => {
    const first = await store.accept(request());
    const other = await store.accept(request({ client: { id: 'client-2', agencyId: 'agency-2', scopes: [], rateLimitPerMinute: null }, scopeKey: 'agency-2:EXT-2026-000123' }));

    expect(other.kind).toBe('accepted');
    expect(other.commandId).not.toBe(first.commandId);
  });
});
