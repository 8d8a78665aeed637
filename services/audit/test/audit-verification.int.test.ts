import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AgencyAccess } from '@atalaia/contracts';
import { createServiceApp } from '@atalaia/http';
import { createLogger } from '@atalaia/telemetry';
import { createPostgresPool, pgTransactions } from '@atalaia/database';
import { createTestDatabase, signedAccessHeaders, TEST_ACCESS_CONTEXT_SIGNING_KEY, type TestDatabase } from '@atalaia/testing';
import { AuditTrail } from '../src/db/audit-trail';
import { createAuditPrisma, type AuditPrisma } from '../src/db/prisma';
import { registerAuditRoutes } from '../src/http/audit-routes';
import { appendAll, type AuditEventSpec } from './audit-events';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const operator: AgencyAccess = { agencyId: 'agency-hq', crossAgency: true };
const agencyA: AgencyAccess = { agencyId: 'agency-a', crossAgency: false };
const agencyB: AgencyAccess = { agencyId: 'agency-b', crossAgency: false };

/** Entries 1–2 predate owners; from 3 on, odd sequences are agency-a's and even ones agency-b's. */
function ownerOf(sequence: number): string | null {
  if (sequence <= 2) return null;
  return sequence % 2 ? 'agency-a' : 'agency-b';
}

/** The verification route over a trail longer than one page: 2,500 entries, read 1,000 at a time. */
describe('audit chain verification in pages', () => {
  let database: TestDatabase;
  let prisma: AuditPrisma;
  let trail: AuditTrail;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('audit_verification', migrations);
    const pool = createPostgresPool(database.url);
    prisma = createAuditPrisma(pool);
    trail = new AuditTrail(prisma);
    const specs: AuditEventSpec[] = Array.from({ length: 2500 }, (_, index) => ({ aggregateId: `occ-${index % 40}`, ownerAgencyId: ownerOf(index + 1) }));
    await appendAll(pgTransactions(pool), trail, specs, 250);
    app = await createServiceApp({ name: 'audit', logger: createLogger('audit', 'silent'), healthChecks: {}, accessContextKey: TEST_ACCESS_CONTEXT_SIGNING_KEY });
    await registerAuditRoutes(app, trail);
  });

  afterAll(async () => {
    await app.close();
    await prisma.$disconnect();
    await database.drop();
  });

  afterEach(() => jest.restoreAllMocks());

  async function verify(access: AgencyAccess) {
    const response = await app.inject({ url: '/api/audit/verification', headers: await signedAccessHeaders(access) });
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  it('when a cross-agency operator verifies, then the whole chain is walked in pages of 1,000 and every entry counts', async () => {
    const pageReads = jest.spyOn(trail, 'chainPage');
    const head = await prisma.auditEntry.findUniqueOrThrow({ where: { sequence: 2500n } });

    const result = await verify(operator);

    expect(result).toEqual({ valid: true, entries: 2500, checkedThroughSequence: '2500', headHash: head.hash, checkedAt: expect.any(String) });
    expect(pageReads.mock.calls.map(([after, , limit]) => [after, limit])).toEqual([[0n, 1000], [1000n, 1000], [2000n, 1000]]);
  });

  it('when an agency verifies, then the whole chain is walked but the figures count only its own entries', async () => {
    const lastOfA = await prisma.auditEntry.findUniqueOrThrow({ where: { sequence: 2499n } });

    const ownA = await verify(agencyA);
    const ownB = await verify(agencyB);

    expect(ownA).toMatchObject({ valid: true, entries: 1249, checkedThroughSequence: '2499', headHash: lastOfA.hash });
    expect(ownB).toMatchObject({ valid: true, entries: 1249, checkedThroughSequence: '2500' });
  });

  // Last: it removes an entry, bypassing the append-only trigger as only a superuser can.
  it('when an entry in the second page is removed behind the database rules, then the gap is reported to whom it concerns', async () => {
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL session_replication_role = 'replica'");
      await tx.$executeRawUnsafe('DELETE FROM audit_entries WHERE sequence = 1500');
    });

    const everything = await verify(operator);
    const ownA = await verify(agencyA);
    const ownB = await verify(agencyB);

    expect(everything).toMatchObject({ valid: false, reason: 'gap', brokenAtSequence: '1501', entries: 1499, checkedThroughSequence: '1499' });
    expect(ownA).toMatchObject({ valid: false, reason: 'gap', brokenAtSequence: '1501', entries: 749, checkedThroughSequence: '1499' });
    expect(ownB).toEqual({ valid: false, reason: 'gap', entries: 748, checkedThroughSequence: '1498', headHash: expect.any(String), checkedAt: expect.any(String) });
  });
});
