import { ApiClientStore, createGatewayPrisma, type ApiScope } from '@atalaia/gateway';
import { startTelemetry } from '@atalaia/telemetry';
import { GatewayClient, startInProcessSystem, type InProcessSystem, type Json } from '../src';

const AGENCY_SCOPES: ApiScope[] = ['occurrences:write', 'dispatches:write', 'units:write', 'read'];

/** The console's new reads through the gateway: occurrence counts per status and the dispatch list, each within the caller's agency. */
describe('console reads: occurrence counts and the dispatch list', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let prisma: ReturnType<typeof createGatewayPrisma>;
  let agencyA: GatewayClient;
  let agencyB: GatewayClient;
  let operator: GatewayClient;
  let writeOnly: GatewayClient;
  const dispatchIds: Record<string, string> = {};

  beforeAll(async () => {
    system = await startInProcessSystem('console_reads');
    prisma = createGatewayPrisma(system.databases.gateway.url);
    const clients = new ApiClientStore(prisma);
    const client = async (agencyId: string, scopes: ApiScope[]) =>
      new GatewayClient(system.gatewayUrl, (await clients.create({ name: agencyId, agencyId, scopes, rateLimitPerMinute: null })).key);
    agencyA = await client('agency-a', AGENCY_SCOPES);
    agencyB = await client('agency-b', AGENCY_SCOPES);
    operator = await client('cbm-ops', ['read', 'agencies:all']);
    writeOnly = await client('agency-a', ['occurrences:write']);

    // agency-a: one reported, one in progress (with three units), one cancelled, one of another type; agency-b: one reported.
    const reported = await agencyA.createOccurrence({ reportedAt: '2026-02-01T10:00:00Z' });
    const started = await agencyA.createOccurrence({ reportedAt: '2026-02-02T10:00:00Z' });
    const cancelled = await agencyA.createOccurrence({ reportedAt: '2026-02-03T10:00:00Z' });
    await agencyA.createOccurrence({ reportedAt: '2026-02-03T12:00:00Z', type: 'resgate_veicular' });
    await agencyB.createOccurrence({ reportedAt: '2026-02-02T10:00:00Z' });
    await agencyA.run('POST', `/api/occurrences/${started}/start`);
    await agencyA.run('POST', `/api/occurrences/${cancelled}/cancel`, { reason: 'Trote' });
    for (const unit of ['ABT-1', 'ABT-2', 'ABT-3']) dispatchIds[unit] = (await agencyA.dispatchUnit(started, unit)).result.dispatchId;
    dispatchIds['ABT-9'] = (await agencyA.dispatchUnit(reported, 'ABT-9')).result.dispatchId;
    // The oldest assignment changes status last, so it is the newest status change; ABT-2 is closed.
    await agencyA.run('POST', `/api/dispatches/${dispatchIds['ABT-2']}/close`);
    await agencyA.run('PATCH', `/api/dispatches/${dispatchIds['ABT-1']}/status`, { status: 'en_route' });
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await system.stop();
    await telemetry.shutdown();
  });

  const counts = async (client: GatewayClient, query = '') => {
    const answer = await client.get(`/api/occurrences/counts${query}`);
    expect(answer.status).toBe(200);
    return answer.body.counts as Json;
  };

  describe('GET /api/occurrences/counts', () => {
    it("when an agency asks, then it gets one count per status of its own occurrences only", async () => {
      expect(await counts(agencyA)).toEqual({ reported: 2, in_progress: 1, resolved: 0, cancelled: 1 });
      expect(await counts(agencyB)).toEqual({ reported: 1, in_progress: 0, resolved: 0, cancelled: 0 });
    });

    it("when an agency names another agency, then every count is zero, as an empty list page", async () => {
      expect(await counts(agencyA, '?agencyId=agency-b')).toEqual({ reported: 0, in_progress: 0, resolved: 0, cancelled: 0 });
    });

    it('when a cross-agency operator asks, then it counts every agency, and agencyId narrows it', async () => {
      expect(await counts(operator)).toEqual({ reported: 3, in_progress: 1, resolved: 0, cancelled: 1 });
      expect(await counts(operator, '?agencyId=agency-b')).toEqual({ reported: 1, in_progress: 0, resolved: 0, cancelled: 0 });
    });

    it('when filtered by type and a half-open report window, then only matching occurrences count', async () => {
      expect(await counts(agencyA, '?type=resgate_veicular')).toEqual({ reported: 1, in_progress: 0, resolved: 0, cancelled: 0 });
      const window = '?reportedFrom=2026-02-02T10:00:00Z&reportedTo=2026-02-03T10:00:00Z';
      expect(await counts(agencyA, window)).toEqual({ reported: 0, in_progress: 1, resolved: 0, cancelled: 0 });
    });

    it('when the filters are invalid or unknown (status included), then it is a 400 VALIDATION_FAILED, never an id lookup', async () => {
      for (const query of ['?reportedFrom=yesterday', '?status=reported', '?type=Not-Snake', '?limit=5']) {
        const answer = await agencyA.get(`/api/occurrences/counts${query}`);
        expect({ query, status: answer.status, code: answer.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
      }
    });

    it('when the client lacks the read scope, then it is 403 INSUFFICIENT_SCOPE', async () => {
      const answer = await writeOnly.get('/api/occurrences/counts');
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('INSUFFICIENT_SCOPE');
    });
  });

  describe('GET /api/dispatches', () => {
    const list = async (client: GatewayClient, query = '') => {
      const answer = await client.get(`/api/dispatches${query}`);
      expect(answer.status).toBe(200);
      return answer.body.data as Json[];
    };

    it('when no status is given, then the open dispatches of the agency come back, newest status change first', async () => {
      const open = await list(agencyA);

      expect(open.map((dispatch) => dispatch.resourceCode)).toEqual(['ABT-1', 'ABT-9', 'ABT-3']);
      expect(open[0]).toMatchObject({ id: dispatchIds['ABT-1'], status: 'en_route', agencyId: 'agency-a', closedAt: null });
      const updated = open.map((dispatch) => Date.parse(dispatch.updatedAt));
      expect([...updated].sort((a, b) => b - a)).toEqual(updated);
    });

    it('when a status is given, then only dispatches in it come back, closed ones included when asked for', async () => {
      expect((await list(agencyA, '?status=closed')).map((dispatch) => dispatch.id)).toEqual([dispatchIds['ABT-2']]);
      expect((await list(agencyA, '?status=assigned')).map((dispatch) => dispatch.resourceCode)).toEqual(['ABT-9', 'ABT-3']);
    });

    it('when the limit is smaller than the list, then the newest come first up to it', async () => {
      expect((await list(agencyA, '?limit=1')).map((dispatch) => dispatch.resourceCode)).toEqual(['ABT-1']);
    });

    it("when another agency asks, then it sees none of them; a cross-agency operator sees them all", async () => {
      expect(await list(agencyB)).toEqual([]);
      expect(await list(agencyB, '?status=closed')).toEqual([]);
      expect((await list(operator)).map((dispatch) => dispatch.resourceCode)).toEqual(['ABT-1', 'ABT-9', 'ABT-3']);
    });

    it('when the query is invalid, then it is a 400 VALIDATION_FAILED', async () => {
      for (const query of ['?status=parked', '?limit=0', '?limit=501', '?occurrenceId=x']) {
        const answer = await agencyA.get(`/api/dispatches${query}`);
        expect({ query, status: answer.status, code: answer.body.code }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
      }
    });

    it('when the client lacks the read scope, then it is 403 INSUFFICIENT_SCOPE', async () => {
      const answer = await writeOnly.get('/api/dispatches');
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe('INSUFFICIENT_SCOPE');
    });
  });
});
