import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AgencyAccess } from '@atalaia/contracts';
import { createPostgresPool, pgTransactions } from '@atalaia/database';
import { createServiceApp } from '@atalaia/http';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, signedAccessHeaders, TEST_ACCESS_CONTEXT_SIGNING_KEY, type TestDatabase } from '@atalaia/testing';
import { AuditTrail } from '../src/db/audit-trail';
import { createAuditPrisma, type AuditPrisma } from '../src/db/prisma';
import { registerAuditRoutes } from '../src/http/audit-routes';
import { appendAll, type AuditEventSpec } from './audit-events';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const agencyA: AgencyAccess = { agencyId: 'agency-a', crossAgency: false };
const agencyB: AgencyAccess = { agencyId: 'agency-b', crossAgency: false };
const operator: AgencyAccess = { agencyId: 'agency-hq', crossAgency: true };
const ana = { userId: '3f0c1a52-8f0e-4d6b-9a51-0d7f2c4e8b11', userName: 'Ana Souza' };
const bruno = { userId: '9d4e7b20-1c3a-4f5e-8b6d-2a7c9e0f1b33', userName: 'Bruno Lima' };
const nobody = '5b8a0c6e-2d4f-4a1b-9c3e-7f6d5e4c3b22';

interface Entry {
  sequence: string;
  aggregateId: string;
  actor: Record<string, unknown>;
}
interface Answer {
  status: number;
  contentType: string | undefined;
  body: { data?: Entry[]; nextCursor?: string | null; code?: string };
}

/**
 * Sequences 1–8. Ana's in agency-a's trail: 1, 3, 6, 7; hers in agency-b's: 5.
 * Bruno's: 2, 8. Entry 4 is an API client's, naming no person.
 */
const specs: AuditEventSpec[] = [
  { aggregateId: 'occ-1', ownerAgencyId: 'agency-a', person: ana },
  { aggregateId: 'occ-1', ownerAgencyId: 'agency-a', person: bruno },
  { aggregateId: 'occ-2', ownerAgencyId: 'agency-a', person: ana },
  { aggregateId: 'occ-1', ownerAgencyId: 'agency-a' },
  { aggregateId: 'occ-9', ownerAgencyId: 'agency-b', person: ana },
  { aggregateId: 'occ-2', ownerAgencyId: 'agency-a', person: ana },
  { aggregateId: 'occ-3', ownerAgencyId: 'agency-a', person: ana },
  { aggregateId: 'occ-2', ownerAgencyId: 'agency-a', person: bruno },
];

/** `GET /api/audit` by person: who sees which of a person's entries, a page at a time. */
describe('audit trail by person', () => {
  let database: TestDatabase;
  let prisma: AuditPrisma;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase('audit_by_person', migrations);
    const pool = createPostgresPool(database.url);
    prisma = createAuditPrisma(pool);
    const trail = new AuditTrail(prisma);
    await appendAll(pgTransactions(pool), trail, specs);
    app = await createServiceApp({ name: 'audit', logger: createLogger('audit', 'silent'), healthChecks: {}, accessContextKey: TEST_ACCESS_CONTEXT_SIGNING_KEY });
    await registerAuditRoutes(app, trail);
  });

  afterAll(async () => {
    await app.close();
    await prisma.$disconnect();
    await database.drop();
  });

  async function trail(query: string, access: AgencyAccess): Promise<Answer> {
    const response = await app.inject({ url: `/api/audit?${query}`, headers: await signedAccessHeaders(access) });
    return { status: response.statusCode, contentType: response.headers['content-type']?.toString(), body: response.json() };
  }

  const sequencesOf = (answer: Answer) => answer.body.data?.map((entry) => Number(entry.sequence));

  it("when an agency asks for one person's entries, then it gets only theirs from its own trail, in order, each naming the person", async () => {
    const answer = await trail(`userId=${ana.userId}`, agencyA);

    expect(answer.status).toBe(200);
    expect(sequencesOf(answer)).toEqual([1, 3, 6, 7]);
    for (const entry of answer.body.data ?? []) {
      expect(entry.actor).toEqual({ clientId: `user:${ana.userId}`, agencyId: 'agency-a', userId: ana.userId, userName: 'Ana Souza' });
    }
    expect(answer.body.nextCursor).toBeNull();
  });

  it("when the same person has entries in another agency's trail, then an agency-bound caller gets only its own and a cross-agency caller gets all", async () => {
    expect(sequencesOf(await trail(`userId=${ana.userId}`, agencyA))).toEqual([1, 3, 6, 7]);
    expect(sequencesOf(await trail(`userId=${ana.userId}`, agencyB))).toEqual([5]);
    expect(sequencesOf(await trail(`userId=${ana.userId}`, operator))).toEqual([1, 3, 5, 6, 7]);
    expect((await trail(`userId=${bruno.userId}`, agencyB)).body).toEqual({ data: [], nextCursor: null });
  });

  it("when a person's entries span pages, then each page continues after the last one and the final page has no cursor", async () => {
    const first = await trail(`userId=${ana.userId}&limit=3`, operator);
    const second = await trail(`userId=${ana.userId}&limit=3&cursor=${first.body.nextCursor}`, operator);

    expect(sequencesOf(first)).toEqual([1, 3, 5]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expect(sequencesOf(second)).toEqual([6, 7]);
    expect(second.body.nextCursor).toBeNull();
  });

  it("when both an aggregate and a person are named, then the page holds only that person's entries on that aggregate", async () => {
    expect(sequencesOf(await trail(`aggregateType=occurrence&aggregateId=occ-2&userId=${bruno.userId}`, agencyA))).toEqual([8]);
    expect(sequencesOf(await trail(`aggregateType=occurrence&aggregateId=occ-1&userId=${ana.userId}`, agencyA))).toEqual([1]);
    expect(sequencesOf(await trail(`aggregateType=occurrence&aggregateId=occ-9&userId=${ana.userId}`, agencyA))).toEqual([]);
  });

  it('when an API client made an entry, then its actor names no person', async () => {
    const answer = await trail('aggregateType=occurrence&aggregateId=occ-1', agencyA);

    expect(sequencesOf(answer)).toEqual([1, 2, 4]);
    expect(answer.body.data?.[2]?.actor).toEqual({ clientId: 'client-agency-a', agencyId: 'agency-a' });
  });

  it('when a person has no entries, then the page is empty', async () => {
    expect((await trail(`userId=${nobody}`, operator)).body).toEqual({ data: [], nextCursor: null });
  });

  it('when the query names neither an aggregate nor a person, half an aggregate or a userId that is not a uuid, then each is a 400 validation problem', async () => {
    for (const query of ['', 'limit=10', 'aggregateType=occurrence', `aggregateId=occ-1&userId=${ana.userId}`, 'userId=call-taker-1']) {
      const answer = await trail(query, operator);

      expect({ query, status: answer.status, code: answer.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
    }
  });
});
