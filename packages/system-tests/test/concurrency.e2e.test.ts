import { startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { GatewayClient, startInProcessSystem, type InProcessSystem, type Json } from '../src';

/** 50 conflicting commands on one aggregate, sent at once through the public API. */
describe('concurrent conflicting commands', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let api: GatewayClient;

  beforeAll(async () => {
    system = await startInProcessSystem('concurrency');
    api = new GatewayClient(system.gatewayUrl, system.apiKey);
  });

  afterAll(async () => {
    await system.stop();
    await telemetry.shutdown();
  });

  async function sendAtOnce(requests: Array<[method: 'POST' | 'PATCH', path: string, body?: unknown]>): Promise<Json[]> {
    const ids = await Promise.all(requests.map(([method, path, body]) => api.send(method, path, body)));
    return Promise.all(ids.map((id) => api.settle(id, 60_000)));
  }

  const outcomes = (commands: Json[]) =>
    commands.reduce<Record<string, number>>((counts, command) => {
      const key = command.status === 'processed' ? 'processed' : command.error.code;
      counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    }, {});

  const trailOf = (aggregateType: string, id: string, length: number) =>
    waitFor(async () => {
      const trail = await api.auditTrail(aggregateType, id);
      return trail.length >= length && trail;
    }, { description: `${length} audit entries` });

  it('when 50 starts race on one occurrence, then exactly one wins and 49 fail as already in progress', async () => {
    const id = await api.createOccurrence();

    const commands = await sendAtOnce(Array.from({ length: 50 }, () => ['POST', `/api/occurrences/${id}/start`] as const));

    expect(outcomes(commands)).toEqual({ processed: 1, OCCURRENCE_ALREADY_IN_PROGRESS: 49 });
    expect((await api.get(`/api/occurrences/${id}`)).body).toMatchObject({ status: 'in_progress', version: 2 });
    expect((await trailOf('occurrence', id, 2)).map((entry) => entry.action)).toEqual(['occurrence.created', 'occurrence.started']);
  });

  it('when 25 resolves and 25 cancels race on one occurrence in progress, then exactly one closes it and the rest fail with the reason', async () => {
    const id = await api.createOccurrence();
    await api.run('POST', `/api/occurrences/${id}/start`);

    const commands = await sendAtOnce(
      Array.from({ length: 50 }, (_, index) =>
        index % 2 === 0 ? (['POST', `/api/occurrences/${id}/resolve`] as const) : (['POST', `/api/occurrences/${id}/cancel`, { reason: 'race' }] as const),
      ),
    );

    const final = (await api.get(`/api/occurrences/${id}`)).body;
    const loserCode = final.status === 'resolved' ? 'OCCURRENCE_ALREADY_RESOLVED' : 'OCCURRENCE_ALREADY_CANCELLED';
    expect(outcomes(commands)).toEqual({ processed: 1, [loserCode]: 49 });
    expect(final.version).toBe(3);
    expect(await trailOf('occurrence', id, 3)).toHaveLength(3);
  });

  it('when 50 dispatches of one unit race on one occurrence, then exactly one dispatch exists and 49 fail as already active', async () => {
    const id = await api.createOccurrence();

    const commands = await sendAtOnce(
      Array.from({ length: 50 }, () => ['POST', `/api/occurrences/${id}/dispatches`, { resourceCode: 'ABT-50' }] as const),
    );

    expect(outcomes(commands)).toEqual({ processed: 1, DISPATCH_ALREADY_ACTIVE: 49 });
    expect((await api.get(`/api/occurrences/${id}/dispatches`)).body.data).toHaveLength(1);
  });

  it('when 50 status reports race on one dispatch, then each valid step wins once and the rest fail with reasons', async () => {
    const occurrenceId = await api.createOccurrence();
    const dispatchId = (await api.dispatchUnit(occurrenceId, 'ABT-51')).result.dispatchId;

    const commands = await sendAtOnce(
      Array.from({ length: 50 }, (_, index) => ['PATCH', `/api/dispatches/${dispatchId}/status`, { status: index % 2 ? 'on_scene' : 'en_route' }] as const),
    );

    const counts = outcomes(commands);
    const dispatch = (await api.get(`/api/dispatches/${dispatchId}`)).body;
    // Either en_route then on_scene both win (2 changes), or on_scene wins first and every en_route is then backwards (1 change).
    expect(counts.processed).toBe(dispatch.version - 1);
    expect([1, 2]).toContain(counts.processed);
    expect(dispatch.status).toBe('on_scene');
    expect(counts.processed! + (counts.DISPATCH_ALREADY_IN_STATUS ?? 0) + (counts.INVALID_DISPATCH_TRANSITION ?? 0)).toBe(50);
    expect(await trailOf('dispatch', dispatchId, dispatch.version)).toHaveLength(dispatch.version);
  });
});
