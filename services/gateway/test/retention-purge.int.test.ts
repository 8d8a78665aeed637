import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fingerprint, topicNames } from '@atalaia/contracts';
import { RetentionPurger } from '@atalaia/database';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { CommandStore } from '../src/db/command-store';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { gatewayRetentionRules } from '../src/db/retention-rules';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);
const client = { id: 'client-1', agencyId: 'agency-1', scopes: [], rateLimitPerMinute: null };

describe('retention purge (gateway database)', () => {
  let database: TestDatabase;
  let prisma: GatewayPrisma;
  let store: CommandStore;
  let purger: RetentionPurger;

  beforeEach(async () => {
    database = await createTestDatabase('retention', migrations);
    prisma = createGatewayPrisma(database.url);
    store = new CommandStore(prisma);
    purger = new RetentionPurger(
      prisma,
      gatewayRetentionRules({ outboxRetentionHours: 24, processedMessageRetentionHours: 168 }),
      60_000,
      createLogger('test', 'silent'),
    );
  });

  afterEach(async () => {
    await purger.stop();
    await prisma.$disconnect();
    await database.drop();
  });

  async function command(key: string, status: 'pending' | 'processed', expiresAt: Date) {
    const payload = { key };
    const outcome = await store.accept({
      client,
      idempotencyKey: key,
      type: 'occurrence.start',
      aggregateType: 'occurrence',
      scopeKey: 'scope',
      messageKey: 'scope',
      topic: topicNames('t').occurrenceCommands,
      payload: { occurrenceId: '00000000-0000-4000-8000-000000000000' },
      payloadHash: fingerprint(payload),
      expiresAt,
    });
    await prisma.command.update({ where: { id: outcome.commandId }, data: { status } });
    return outcome.commandId;
  }

  it('when the purge runs, then expired settled commands, old published outbox rows, old processed messages, expired console sessions and sign-ons, spent account links and old windows go, and nothing else', async () => {
    await command('expired-settled', 'processed', hoursAgo(1));
    const expiredPending = await command('expired-pending', 'pending', hoursAgo(1));
    const fresh = await command('fresh', 'processed', hoursAgo(-23));
    await prisma.outboxMessage.updateMany({ where: {}, data: { publishedAt: hoursAgo(25) } });
    const unpublishedOld = await prisma.outboxMessage.create({
      data: { messageId: randomUUID(), topic: 't', messageKey: 'k', payload: {}, headers: {}, createdAt: hoursAgo(48) },
    });
    const publishedRecently = await prisma.outboxMessage.create({
      data: { messageId: randomUUID(), topic: 't', messageKey: 'k', payload: {}, headers: {}, publishedAt: hoursAgo(1) },
    });
    await prisma.processedMessage.createMany({
      data: [
        { consumer: 'c', messageId: randomUUID(), processedAt: hoursAgo(169) },
        { consumer: 'c', messageId: randomUUID(), processedAt: hoursAgo(167) },
      ],
    });
    await prisma.rateLimitWindow.createMany({
      data: [
        { clientId: 'client-1', windowStart: hoursAgo(2), requestCount: 5 },
        { clientId: 'client-1', windowStart: hoursAgo(0), requestCount: 5 },
      ],
    });

    const session = (tokenHash: string, expiresAt: Date) => ({ tokenHash, clientId: 'client-1', agencyId: 'agency-1', scopes: ['read'], keyHash: '0'.repeat(64), expiresAt });
    await prisma.consoleSession.createMany({ data: [session('a'.repeat(64), hoursAgo(0.01)), session('b'.repeat(64), hoursAgo(-1))] });

    await prisma.ssoSignIn.createMany({
      data: [
        { stateHash: 'c'.repeat(64), agencyId: 'agency-1', codeVerifier: 'v', nonce: 'n', redirectUri: 'http://x/', expiresAt: hoursAgo(0.01) },
        { stateHash: 'd'.repeat(64), agencyId: 'agency-1', codeVerifier: 'v', nonce: 'n', redirectUri: 'http://x/', expiresAt: hoursAgo(-0.1) },
      ],
    });
    const person = await prisma.user.create({ data: { id: randomUUID(), agencyId: 'agency-1', login: 'p', loginKey: 'p', displayName: 'P', roles: ['auditor'] } });
    const link = (tokenHash: string, expiresAt: Date, usedAt: Date | null) => ({ tokenHash, userId: person.id, purpose: 'invite', createdBy: 'cli', expiresAt, usedAt });
    await prisma.accountLink.createMany({
      data: [link('e'.repeat(64), hoursAgo(24 * 31), null), link('f'.repeat(64), hoursAgo(-1), hoursAgo(24 * 31)), link('g'.repeat(64), hoursAgo(24 * 29), null)],
    });

    const deleted = await purger.runOnce();

    expect(deleted).toEqual({
      'published outbox messages': 3,
      'processed messages': 1,
      'expired commands': 1,
      'expired console sessions': 1,
      'expired single sign-ons': 1,
      'spent account links': 2,
      'rate limit windows': 1,
    });
    expect((await prisma.ssoSignIn.findMany()).map((row) => row.stateHash)).toEqual(['d'.repeat(64)]);
    expect((await prisma.accountLink.findMany()).map((row) => row.tokenHash)).toEqual(['g'.repeat(64)]);
    expect((await prisma.command.findMany({ select: { id: true } })).map((row) => row.id).sort()).toEqual([expiredPending, fresh].sort());
    expect((await prisma.outboxMessage.findMany({ select: { id: true } })).map((row) => row.id).sort()).toEqual(
      [unpublishedOld.id, publishedRecently.id].sort(),
    );
    expect(await prisma.processedMessage.count()).toBe(1);
    expect(await prisma.rateLimitWindow.count()).toBe(1);
    expect((await prisma.consoleSession.findMany()).map((row) => row.tokenHash)).toEqual(['b'.repeat(64)]);
  });

  it('when an idempotency key has expired and been purged, then the same key starts a new command', async () => {
    const old = await command('reused-key', 'processed', hoursAgo(1));
    await purger.runOnce();

    const again = await command('reused-key', 'pending', hoursAgo(-24));

    expect(again).not.toBe(old);
  });
});
