import { ApiClientStore, createGatewayPrisma, type ApiScope } from '@atalaia/gateway';
import { waitFor } from '@atalaia/testing';
import { countRows, GatewayClient, startInProcessSystem, type InProcessSystem, type Json } from '../src';

const AGENCY_SCOPES: ApiScope[] = ['occurrences:write', 'read', 'audit:read'];

/** The audit trail through the public API: one agency's trail in pages, and a verification that counts only what the caller may see. */
describe('audit trail through the gateway', () => {
  let system: InProcessSystem;
  let prisma: ReturnType<typeof createGatewayPrisma>;
  let own: GatewayClient;
  let other: GatewayClient;
  let operator: GatewayClient;
  let occurrenceId: string;

  beforeAll(async () => {
    system = await startInProcessSystem('audittrail');
    prisma = createGatewayPrisma(system.databases.gateway.url);
    const clients = new ApiClientStore(prisma);
    const client = async (agencyId: string, scopes: ApiScope[]) => {
      const { key } = await clients.create({ name: agencyId, agencyId, scopes, rateLimitPerMinute: null });
      return new GatewayClient(system.gatewayUrl, key);
    };
    own = await client('agency-a', AGENCY_SCOPES);
    other = await client('agency-b', AGENCY_SCOPES);
    operator = await client('cbm-ops', [...AGENCY_SCOPES, 'agencies:all']);

    occurrenceId = await own.createOccurrence();
    await operator.run('POST', `/api/occurrences/${occurrenceId}/start`);
    await own.run('POST', `/api/occurrences/${occurrenceId}/resolve`, { note: 'Fogo extinto' });
    const foreignId = await other.createOccurrence();
    await waitFor(async () => (await own.auditTrail('occurrence', occurrenceId)).length === 3 || undefined, { description: "agency-a's three entries" });
    await waitFor(async () => (await other.auditTrail('occurrence', foreignId)).length === 1 || undefined, { description: "agency-b's entry" });
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await system.stop();
  });

  const trailPage = (caller: GatewayClient, query: string) => caller.get(`/api/audit?aggregateType=occurrence&aggregateId=${occurrenceId}${query}`);

  it("when the owning agency pages its occurrence's trail one entry at a time, then it gets every entry, the operator's action included", async () => {
    const entries: Json[] = [];
    let answer = await trailPage(own, '&limit=1');
    entries.push(...answer.body.data);
    while (answer.body.nextCursor) {
      answer = await trailPage(own, `&limit=1&cursor=${answer.body.nextCursor}`);
      entries.push(...answer.body.data);
    }

    expect(entries.map((entry) => entry.action)).toEqual(['occurrence.created', 'occurrence.started', 'occurrence.resolved']);
    expect(entries.map((entry) => entry.ownerAgencyId)).toEqual(['agency-a', 'agency-a', 'agency-a']);
    expect(entries[1].actor).toMatchObject({ agencyId: 'cbm-ops' });
    expect((await trailPage(other, '&limit=1')).body).toEqual({ data: [], nextCursor: null });
  });

  it('when a cursor was not minted by the audit service, then the gateway relays its INVALID_CURSOR problem', async () => {
    expect(await trailPage(own, '&cursor=Zm9yZ2Vk')).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
  });

  it('when each caller verifies the chain, then it is valid and the figures count only the entries it may see', async () => {
    const auditDb = system.databases.audit.url;
    const figuresOf = async (owner: string) => ({
      entries: await countRows(auditDb, `SELECT count(*)::int AS n FROM audit_entries WHERE owner_agency_id = '${owner}'`),
      checkedThroughSequence: String(await countRows(auditDb, `SELECT max(sequence)::int AS n FROM audit_entries WHERE owner_agency_id = '${owner}'`)),
    });
    const total = await countRows(auditDb, 'SELECT count(*)::int AS n FROM audit_entries');

    const verify = (caller: GatewayClient) => caller.get('/api/audit/verification');
    const [ownAnswer, otherAnswer, operatorAnswer] = await Promise.all([verify(own), verify(other), verify(operator)]);

    expect(ownAnswer.body).toMatchObject({ valid: true, ...(await figuresOf('agency-a')) });
    expect(otherAnswer.body).toMatchObject({ valid: true, ...(await figuresOf('agency-b')) });
    expect(operatorAnswer.body).toMatchObject({ valid: true, entries: total, checkedThroughSequence: String(total) });
  });
});
