import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyMigrations, createPostgresPool, pgTransactions, type PostgresPool } from '@atalaia/database';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { AuditTrail } from '../src/db/audit-trail';
import { createAuditPrisma, type AuditPrisma } from '../src/db/prisma';
import { chainHash, GENESIS_HASH, type ChainedContent } from '../src/domain/audit-chain';
import { verifyAuditTrail } from '../src/use-cases/verify-audit-trail';
import { appendAll } from './audit-events';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const operator = { agencyId: 'agency-hq', crossAgency: true };

/** A trail as the service wrote it before owners were stored: serial sequences, one of them skipped by a rollback. */
async function writeLegacyTrail(prisma: AuditPrisma, length: number): Promise<void> {
  let previousHash = GENESIS_HASH;
  for (let index = 1; index <= length; index += 1) {
    if (index === 3) await prisma.$queryRawUnsafe("SELECT nextval('audit_entries_sequence_seq')");
    const content: ChainedContent = {
      eventId: randomUUID(),
      action: 'occurrence.created',
      aggregateType: 'occurrence',
      aggregateId: `occ-${index}`,
      actorClientId: 'client',
      actorAgencyId: 'agency-a',
      commandId: null,
      correlationId: null,
      source: 'atalaia.occurrence',
      before: null,
      after: { index },
      occurredAt: '2026-02-01T17:32:00.000Z',
    };
    const hash = chainHash(previousHash, content);
    await prisma.$executeRawUnsafe(
      `INSERT INTO audit_entries (event_id, action, aggregate_type, aggregate_id, actor_client_id, actor_agency_id, source, after, occurred_at, previous_hash, hash)
       VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::timestamptz, $10, $11)`,
      content.eventId, content.action, content.aggregateType, content.aggregateId, content.actorClientId, content.actorAgencyId,
      content.source, JSON.stringify(content.after), content.occurredAt, previousHash, hash,
    );
    previousHash = hash;
  }
}

describe('audit trail migration to owner agencies and a linear chain', () => {
  let database: TestDatabase;
  let pool: PostgresPool;
  let prisma: AuditPrisma;
  let initOnly: string;

  beforeEach(async () => {
    initOnly = await mkdtemp(path.join(tmpdir(), 'audit-init-'));
    await cp(path.join(migrations, '20261123000000_init'), path.join(initOnly, '20261123000000_init'), { recursive: true });
    database = await createTestDatabase('audit_migration', initOnly);
    pool = createPostgresPool(database.url);
    prisma = createAuditPrisma(pool);
  });

  afterEach(async () => {
    await prisma.$disconnect();
    await database.drop();
    await rm(initOnly, { recursive: true, force: true });
  });

  it('when a trail written before owners is migrated, then it still verifies and new entries continue it without gaps', async () => {
    await writeLegacyTrail(prisma, 4);

    await applyMigrations(database.url, migrations);
    await appendAll(pgTransactions(pool), new AuditTrail(prisma), [{ aggregateId: 'occ-new', ownerAgencyId: 'agency-a' }, { aggregateId: 'occ-new', ownerAgencyId: 'agency-a' }]);

    const rows = await prisma.auditEntry.findMany({ orderBy: { sequence: 'asc' }, select: { sequence: true, ownerAgencyId: true } });
    expect(rows.map((row) => [Number(row.sequence), row.ownerAgencyId])).toEqual([
      [1, null], [2, null], [4, null], [5, null], [6, 'agency-a'], [7, 'agency-a'],
    ]);
    expect(await verifyAuditTrail(new AuditTrail(prisma), operator)).toMatchObject({ valid: true, entries: 6, checkedThroughSequence: '7' });
  });
});
