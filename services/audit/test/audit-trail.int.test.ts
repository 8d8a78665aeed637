import path from 'node:path';
import { createPostgresPool, pgTransactions, type TransactionRunner } from '@atalaia/database';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { AuditTrail } from '../src/db/audit-trail';
import { createAuditPrisma, type AuditPrisma } from '../src/db/prisma';
import { GENESIS_HASH } from '../src/domain/audit-chain';
import { verifyAuditTrail } from '../src/use-cases/verify-audit-trail';
import { appendAll, auditEvent } from './audit-events';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const everyAgency = { agencyId: 'platform', crossAgency: true };
const ana = { userId: '3f0c1a52-8f0e-4d6b-9a51-0d7f2c4e8b11', userName: 'Ana Souza' };

/** What the database alone guarantees, whatever the application sends it. */
describe('audit trail in the database', () => {
  let database: TestDatabase;
  let prisma: AuditPrisma;
  let transaction: TransactionRunner;
  let trail: AuditTrail;

  beforeEach(async () => {
    database = await createTestDatabase('audit_trail', migrations);
    const pool = createPostgresPool(database.url);
    prisma = createAuditPrisma(pool);
    transaction = pgTransactions(pool);
    trail = new AuditTrail(prisma);
  });

  afterEach(async () => {
    await prisma.$disconnect();
    await database.drop();
  });

  /** Inserts an entry with raw SQL, copying entry `template`'s content. */
  function insertRaw(sequence: number, previousHash: string, hash = 'f'.repeat(64), template = 1) {
    return prisma.$executeRawUnsafe(
      `INSERT INTO audit_entries (sequence, event_id, action, aggregate_type, aggregate_id, owner_agency_id, actor_client_id, actor_agency_id,
         source, occurred_at, previous_hash, hash)
       SELECT $1, gen_random_uuid(), action, aggregate_type, aggregate_id, owner_agency_id, actor_client_id, actor_agency_id,
         source, occurred_at, $2, $3 FROM audit_entries WHERE sequence = $4`,
      sequence, previousHash, hash, template,
    );
  }

  async function hashOf(sequence: number): Promise<string> {
    return (await prisma.auditEntry.findUniqueOrThrow({ where: { sequence: BigInt(sequence) } })).hash;
  }

  it('when 50 entries are appended in parallel, then they form one contiguous chain that verifies', async () => {
    // More transactions than the pool's 10 connections: they queue, and 10 at a time contend for the chain lock.
    const events = Array.from({ length: 50 }, (_, index) => auditEvent({ aggregateId: `occ-${index % 5}`, ownerAgencyId: `agency-${index % 3}` }));

    await Promise.all(events.map((event) => transaction((tx) => trail.append(tx, event))));

    const rows = await prisma.auditEntry.findMany({ orderBy: { sequence: 'asc' } });
    expect(rows.map((row) => Number(row.sequence))).toEqual(Array.from({ length: 50 }, (_, index) => index + 1));
    expect(rows.map((row) => row.previousHash)).toEqual([GENESIS_HASH, ...rows.slice(0, -1).map((row) => row.hash)]);
    expect(await verifyAuditTrail(trail, everyAgency, 7)).toMatchObject({ valid: true, entries: 50, checkedThroughSequence: '50' });
  });

  it('when transactions of many entries each are appended in parallel, then each transaction\'s entries are consecutive and the chain stays contiguous', async () => {
    const batches = Array.from({ length: 6 }, (_, batch) =>
      Array.from({ length: 20 }, (_, index) => auditEvent({ aggregateId: `occ-${batch}-${index}`, ownerAgencyId: 'agency-a' })),
    );

    await Promise.all(
      batches.map((events) =>
        transaction(async (tx) => {
          for (const event of events) await trail.append(tx, event);
        }),
      ),
    );

    const rows = await prisma.auditEntry.findMany({ orderBy: { sequence: 'asc' } });
    expect(rows.map((row) => Number(row.sequence))).toEqual(Array.from({ length: 120 }, (_, index) => index + 1));
    // Each transaction's entries are consecutive: it held the chain from its first entry to its commit.
    const batchOf = (aggregateId: string) => aggregateId.split('-')[1];
    const runs = rows.filter((row, index) => index === 0 || batchOf(row.aggregateId) !== batchOf(rows[index - 1]!.aggregateId));
    expect(runs).toHaveLength(6);
    expect(await verifyAuditTrail(trail, everyAgency, 7)).toMatchObject({ valid: true, entries: 120, checkedThroughSequence: '120' });
  });

  it('when the consumer stores an entry, then it keeps the owner agency apart from the acting agency', async () => {
    const event = auditEvent({ aggregateId: 'occ-1', ownerAgencyId: 'agency-a', actorAgencyId: 'agency-hq', crossAgency: true });

    await transaction((tx) => trail.append(tx, event));

    expect(await prisma.auditEntry.findFirstOrThrow()).toMatchObject({ ownerAgencyId: 'agency-a', actorAgencyId: 'agency-hq' });
  });

  it("when the consumer stores a person's entry, then it keeps their account id and name beside the client; an API client's entry names no one", async () => {
    await transaction(async (tx) => {
      await trail.append(tx, auditEvent({ aggregateId: 'occ-1', ownerAgencyId: 'agency-a', person: ana }));
      await trail.append(tx, auditEvent({ aggregateId: 'occ-1', ownerAgencyId: 'agency-a' }));
    });

    const rows = await prisma.auditEntry.findMany({ orderBy: { sequence: 'asc' }, select: { actorClientId: true, actorUserId: true, actorUserName: true } });
    expect(rows).toEqual([
      { actorClientId: `user:${ana.userId}`, actorUserId: ana.userId, actorUserName: 'Ana Souza' },
      { actorClientId: 'client-agency-a', actorUserId: null, actorUserName: null },
    ]);
    expect(await verifyAuditTrail(trail, everyAgency)).toMatchObject({ valid: true, entries: 2 });
  });

  it("when a stored person's name is changed behind the database rules, then verification breaks at that entry because of its hash", async () => {
    await appendAll(transaction, trail, [1, 2, 3].map((index) => ({ aggregateId: `occ-${index}`, ownerAgencyId: 'agency-a', person: ana })));

    // Only a superuser can bypass the append-only trigger like this.
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL session_replication_role = 'replica'");
      await tx.$executeRawUnsafe("UPDATE audit_entries SET actor_user_name = 'Someone Else' WHERE sequence = 2");
    });

    expect(await verifyAuditTrail(trail, everyAgency)).toMatchObject({ valid: false, reason: 'hash', brokenAtSequence: '2', entries: 1, checkedThroughSequence: '1' });
  });

  it('when entries carry nested state with keys in any order, then what the database gives back still hashes to the stored hash', async () => {
    const before = { status: 'open', units: [{ id: 'u-2', eta: 1.5 }, { id: 'u-1', eta: null }], address: { zip: '1000-001', city: 'Lisboa — Baixa' } };
    const after = { units: [], status: 'resolved', note: 'line\nbreak "quoted" \u00e9', count: 12345678901, flag: false };

    await transaction(async (tx) => {
      await trail.append(tx, auditEvent({ aggregateId: 'occ-json', ownerAgencyId: 'agency-a', before, after }));
      await trail.append(tx, auditEvent({ aggregateId: 'occ-json', ownerAgencyId: null, before: {}, after: null }));
    });

    expect(await prisma.auditEntry.findMany({ orderBy: { sequence: 'asc' }, select: { before: true, after: true } })).toEqual([
      { before, after },
      { before: {}, after: null },
    ]);
    expect(await verifyAuditTrail(trail, everyAgency)).toMatchObject({ valid: true, entries: 2 });
  });

  describe('with three entries recorded', () => {
    beforeEach(async () => {
      await appendAll(transaction, trail, [1, 2, 3].map((index) => ({ aggregateId: `occ-${index}`, ownerAgencyId: 'agency-a' })));
    });

    it('when a second entry extends an entry already extended, then the database refuses the fork', async () => {
      await expect(insertRaw(2, await hashOf(1))).rejects.toThrow(/unique constraint "audit_entries_pkey"/);
      await expect(insertRaw(4, await hashOf(1))).rejects.toThrow(/does not extend entry 3/);
    });

    it('when two writers extend the head at once without the chain lock, then exactly one succeeds', async () => {
      const head = await hashOf(3);

      const outcomes = await Promise.allSettled([insertRaw(4, head, 'b'.repeat(64)), insertRaw(4, head, 'c'.repeat(64))]);

      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await prisma.auditEntry.count()).toBe(4);
    });

    it('when the linking trigger is bypassed, then the unique predecessor still refuses a fork', async () => {
      const refused = prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL session_replication_role = 'replica'");
        await tx.$executeRawUnsafe(
          `INSERT INTO audit_entries (sequence, event_id, action, aggregate_type, aggregate_id, actor_client_id, actor_agency_id, source, occurred_at, previous_hash, hash)
           SELECT 4, gen_random_uuid(), action, aggregate_type, aggregate_id, actor_client_id, actor_agency_id, source, occurred_at, previous_hash, $1
           FROM audit_entries WHERE sequence = 3`,
          'e'.repeat(64),
        );
      });
      await expect(refused).rejects.toThrow(/unique constraint "audit_entries_previous_hash_key"/);
    });

    it('when an entry skips a sequence number, then the database refuses the gap', async () => {
      await expect(insertRaw(5, await hashOf(3))).rejects.toThrow(/does not extend entry 4/);
    });

    it('when an entry links to a hash that is not its predecessor, then the database refuses it', async () => {
      await expect(insertRaw(4, 'a'.repeat(64))).rejects.toThrow(/does not extend entry 3/);
      await expect(insertRaw(4, await hashOf(2))).rejects.toThrow(/does not extend entry 3/);
    });

    it('when a second genesis is inserted, then the database refuses it', async () => {
      await expect(insertRaw(1, GENESIS_HASH)).rejects.toThrow(/unique constraint "audit_entries_pkey"/);
    });

    it('when an entry extends the head by sequence and hash, then the database accepts it', async () => {
      await expect(insertRaw(4, await hashOf(3))).resolves.toBe(1);
    });

    it('when entries are updated, deleted or truncated, then the database refuses each', async () => {
      await expect(prisma.$executeRawUnsafe("UPDATE audit_entries SET action = 'occurrence.deleted' WHERE sequence = 2")).rejects.toThrow(/append-only/);
      await expect(prisma.$executeRawUnsafe('DELETE FROM audit_entries WHERE sequence = 3')).rejects.toThrow(/append-only/);
      await expect(prisma.$executeRawUnsafe('TRUNCATE audit_entries')).rejects.toThrow(/append-only/);
      expect(await prisma.auditEntry.count()).toBe(3);
    });
  });
});
