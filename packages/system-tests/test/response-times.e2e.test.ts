import { ApiClientStore, createGatewayPrisma, type ApiScope } from '@atalaia/gateway';
import { startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { GatewayClient, startInProcessSystem, type InProcessSystem, type Json } from '../src';

const SCOPES: ApiScope[] = ['occurrences:write', 'dispatches:write', 'units:write', 'read'];

/**
 * Response times through the whole system: the report time is the agency's
 * (ten minutes ago), every later milestone the system's own. The exact
 * percentiles over controlled timestamps are shown by the dispatch service's
 * response-times integration test; here the figures must follow one real
 * occurrence from intake to resolution, per agency.
 */
describe('response times through the gateway', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let prisma: ReturnType<typeof createGatewayPrisma>;
  let own: GatewayClient;
  let other: GatewayClient;

  beforeAll(async () => {
    system = await startInProcessSystem('response-times');
    prisma = createGatewayPrisma(system.databases.gateway.url);
    const clients = new ApiClientStore(prisma);
    const client = async (agencyId: string) =>
      new GatewayClient(system.gatewayUrl, (await clients.create({ name: agencyId, agencyId, scopes: SCOPES, rateLimitPerMinute: null })).key);
    [own, other] = await Promise.all([client('cbm-pe'), client('cbm-pb')]);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await system?.stop();
    await telemetry.shutdown();
  });

  const hour = 3_600_000;
  const period = () => new URLSearchParams({ from: new Date(Date.now() - hour).toISOString(), to: new Date(Date.now() + hour).toISOString(), groupBy: 'agency' });

  it('when an occurrence goes from report to resolution, then its agency\'s report has each interval once, within bounds, and another agency sees none of it', async () => {
    const reportedAt = new Date(Date.now() - 600_000);
    const occurrenceId = await own.createOccurrence({ reportedAt: reportedAt.toISOString(), priority: 6 });
    const assigned = await own.dispatchUnit(occurrenceId, 'ABT-21');
    const dispatchId = assigned.result.dispatchId as string;
    for (const status of ['en_route', 'on_scene']) {
      expect(await own.run('PATCH', `/api/dispatches/${dispatchId}/status`, { status })).toMatchObject({ status: 'processed' });
    }
    await own.run('POST', `/api/occurrences/${occurrenceId}/start`);
    expect(await own.run('POST', `/api/occurrences/${occurrenceId}/resolve`, { note: 'Fogo extinto' })).toMatchObject({ status: 'processed' });
    const elapsedSeconds = (Date.now() - reportedAt.getTime()) / 1000;

    const report = await waitFor(async () => {
      const { body } = await own.get(`/api/reports/response-times?${period()}`);
      return body.groups?.[0]?.intervals.onScene.count === 1 && body;
    }, { description: 'the four intervals reported' });

    expect(report.groups).toHaveLength(1);
    const [group] = report.groups as Json[];
    expect(group).toMatchObject({ agencyId: 'cbm-pe', occurrences: 1 });
    const { callProcessing, turnout, travel, onScene } = group.intervals;
    for (const figures of [callProcessing, turnout, travel, onScene]) {
      expect(figures.count).toBe(1);
      expect(figures.p50Seconds).toBe(figures.p90Seconds);
    }
    expect(callProcessing.p50Seconds).toBeGreaterThanOrEqual(600);
    const sum = callProcessing.p50Seconds + turnout.p50Seconds + travel.p50Seconds + onScene.p50Seconds;
    expect(sum).toBeLessThanOrEqual(elapsedSeconds);
    expect(turnout).toMatchObject({ targetSeconds: 80, meetingTarget: 1 });
    expect(travel).toMatchObject({ targetSeconds: 240, meetingTarget: 1 });
    expect(report.targets).toEqual({ default: { turnoutSeconds: 80, travelSeconds: 240 }, 'cbm-pe': { turnoutSeconds: 80, travelSeconds: 240 } });

    const foreign = await other.get(`/api/reports/response-times?${period()}&agencyId=cbm-pe`);
    expect(foreign).toMatchObject({ status: 200, body: { groups: [] } });
    const bad = await own.get('/api/reports/response-times?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
  });
});
