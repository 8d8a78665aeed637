import path from 'node:path';
import type { Producer } from 'kafkajs';
import type { AgencyAccess } from '@atalaia/contracts';
import { createPostgresPool, pgTransactions } from '@atalaia/database';
import { connectIdempotentProducer } from '@atalaia/kafka';
import { createTestDatabase, signedAccessHeaders, TEST_ACCESS_CONTEXT_SIGNING_KEY, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { loadAuditConfig, startAuditService, type RunningAuditService } from '../src';
import { AuditTrail } from '../src/db/audit-trail';
import { createAuditPrisma, type AuditPrisma } from '../src/db/prisma';
import { appendAll, auditEvent, type AuditEventSpec } from './audit-events';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const agencyA: AgencyAccess = { agencyId: 'agency-a', crossAgency: false };
const agencyB: AgencyAccess = { agencyId: 'agency-b', crossAgency: false };
const operator: AgencyAccess = { agencyId: 'agency-hq', crossAgency: true };

interface TrailPage {
  data: Array<{ sequence: string; eventId: string; aggregateId: string; ownerAgencyId: string | null; actor: { agencyId: string } }>;
  nextCursor: string | null;
}
/** What either route answers: a trail page, a verification or a problem. */
type Answer = { status: number; body: Partial<TrailPage> & Record<string, unknown> };

/** The audit service as it runs, consuming the run's Kafka and answering over HTTP. */
describe('audit service', () => {
  let database: TestDatabase;
  let service: RunningAuditService;
  let producer: Producer;
  let seeding: AuditPrisma;

  beforeAll(async () => {
    database = await createTestDatabase('audit_service', migrations);
    service = await startAuditService(
      loadAuditConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_NAMESPACE: uniqueTopicNamespace('audit'),
        LOG_LEVEL: 'silent',
        DATABASE_URL: database.url,
        ACCESS_CONTEXT_SIGNING_KEY: TEST_ACCESS_CONTEXT_SIGNING_KEY,
      }),
    );
    producer = await connectIdempotentProducer(service.context.kafka);
    const seedingPool = createPostgresPool(database.url);
    seeding = createAuditPrisma(seedingPool);
    const specs: AuditEventSpec[] = [
      { aggregateId: 'occ-legacy', ownerAgencyId: null },
      ...Array.from({ length: 7 }, (_, index) => ({ aggregateId: 'occ-a', ownerAgencyId: 'agency-a', ...(index === 3 ? { actorAgencyId: 'agency-hq', crossAgency: true } : {}) })),
      { aggregateId: 'occ-b', ownerAgencyId: 'agency-b' },
      { aggregateId: 'occ-b', ownerAgencyId: 'agency-b' },
    ];
    await appendAll(pgTransactions(seedingPool), new AuditTrail(seeding), specs);
  });

  afterAll(async () => {
    await producer.disconnect();
    await service.stop();
    await seeding.$disconnect();
    await database.drop();
  });

  async function get(pathAndQuery: string, access?: AgencyAccess): Promise<Answer> {
    const response = await fetch(`${service.url}${pathAndQuery}`, { headers: access ? await signedAccessHeaders(access) : {} });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  }

  const trailOf = (aggregateId: string, access: AgencyAccess, extra = '') => get(`/api/audit?aggregateType=occurrence&aggregateId=${aggregateId}${extra}`, access);

  it('when an audit.entry message arrives, then its entry is stored under the owner agency, apart from the acting one, naming the person who acted', async () => {
    const person = { userId: '3f0c1a52-8f0e-4d6b-9a51-0d7f2c4e8b11', userName: 'Ana Souza' };
    const event = auditEvent({ aggregateId: 'occ-kafka', ownerAgencyId: 'agency-a', actorAgencyId: 'agency-hq', crossAgency: true, person });

    await producer.send({ topic: service.context.topics.auditEvents, messages: [{ key: event.subject, value: JSON.stringify(event) }] });

    const page = await waitFor(async () => {
      const answer = await trailOf('occ-kafka', operator);
      return answer.body.data?.length === 1 && (answer.body as TrailPage);
    }, { description: 'the consumed audit entry' });
    expect(page.data[0]).toMatchObject({ eventId: event.id, ownerAgencyId: 'agency-a', actor: { agencyId: 'agency-hq', ...person } });
    expect((await trailOf('occ-kafka', agencyA)).body.data).toHaveLength(1);
    expect((await get(`/api/audit?userId=${person.userId}`, agencyA)).body.data?.map((entry) => entry.eventId)).toEqual([event.id]);
  });

  it('when an agency pages through its own trail, then it gets every entry once, in order, and no cursor after the last page', async () => {
    const pages: TrailPage[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const answer = await trailOf('occ-a', agencyA, `&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      pages.push(answer.body as TrailPage);
      cursor = (answer.body as TrailPage).nextCursor;
    }

    const sequences = pages.flatMap((page) => page.data.map((entry) => Number(entry.sequence)));
    expect(pages.map((page) => page.data.length)).toEqual([3, 3, 1]);
    expect(sequences).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(pages.flatMap((page) => page.data)).toContainEqual(expect.objectContaining({ ownerAgencyId: 'agency-a', actor: { clientId: 'client-agency-hq', agencyId: 'agency-hq' } }));
  });

  it("when an agency asks for another agency's trail, then the answer is the one for an unknown aggregate", async () => {
    const foreign = await trailOf('occ-b', agencyA);
    const unknown = await trailOf('occ-unknown', agencyA);

    expect(foreign).toEqual({ status: 200, body: { data: [], nextCursor: null } });
    expect(unknown).toEqual(foreign);
  });

  it("when a cross-agency operator asks, then it sees every agency's trail and the entries recorded before owners", async () => {
    const foreign = await trailOf('occ-b', operator);
    const legacy = await trailOf('occ-legacy', operator);

    expect(foreign.body.data?.map((entry) => entry.ownerAgencyId)).toEqual(['agency-b', 'agency-b']);
    expect(legacy.body).toEqual({ data: [expect.objectContaining({ sequence: '1', ownerAgencyId: null })], nextCursor: null });
    expect((await trailOf('occ-legacy', agencyA)).body).toEqual({ data: [], nextCursor: null });
  });

  it('when the cursor was not minted by the service, the limit is out of range, a parameter is unknown or neither an aggregate nor a person is named, then each is a 400 problem', async () => {
    expect(await trailOf('occ-a', agencyA, '&cursor=bm90LWEtbnVtYmVy')).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
    expect(await trailOf('occ-a', agencyA, '&limit=501')).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await trailOf('occ-a', agencyA, '&ownerAgencyId=agency-b')).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await get('/api/audit?limit=10', agencyA)).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  });

  it('when a request does not say which agency it acts for, then both routes refuse it', async () => {
    for (const route of ['/api/audit?aggregateType=occurrence&aggregateId=occ-a', '/api/audit/verification']) {
      expect(await get(route)).toMatchObject({ status: 400, body: { code: 'ACCESS_CONTEXT_REQUIRED' } });
    }
  });

  it('when each caller verifies the chain, then the figures count only the entries it may see', async () => {
    const everything = await get('/api/audit/verification', operator);
    const ownOnly = await get('/api/audit/verification', agencyB);

    expect(everything.body).toMatchObject({ valid: true, entries: 11, checkedThroughSequence: '11' });
    expect(ownOnly.body).toMatchObject({ valid: true, entries: 2, checkedThroughSequence: '10' });
    expect(new Date(String(ownOnly.body.checkedAt)).getTime()).not.toBeNaN();
  });

  it('when an audit event cannot be appended, then an entry in its place says so under its owner, and the chain still verifies', async () => {
    const event = auditEvent({ aggregateId: 'occ-poison', ownerAgencyId: 'agency-c' });
    const poison = { ...event, data: { ...event.data, occurredAt: 'not a time' } };

    await producer.send({ topic: service.context.topics.auditEvents, messages: [{ key: event.subject, value: JSON.stringify(poison) }] });

    const agencyC: AgencyAccess = { agencyId: 'agency-c', crossAgency: false };
    const page = await waitFor(async () => {
      const answer = await trailOf('occ-poison', agencyC);
      return answer.body.data?.length === 1 && (answer.body as TrailPage);
    }, { description: 'the set-aside entry' });
    expect(page.data[0]).toMatchObject({
      action: 'audit.entry_set_aside',
      ownerAgencyId: 'agency-c',
      after: { setAsideEventId: event.id, code: 'INVALID_MESSAGE_DATA', topic: service.context.topics.auditEvents },
    });
    expect((await get('/api/audit/verification', operator)).body).toMatchObject({ valid: true });
  });
});
