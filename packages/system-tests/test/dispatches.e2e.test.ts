import { startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { GatewayClient, startInProcessSystem, type InProcessSystem } from '../src';

describe('dispatches through the gateway', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let api: GatewayClient;

  beforeAll(async () => {
    system = await startInProcessSystem('dispatches', { OCCURRENCE_VIEW_GRACE_MS: '1500' });
    api = new GatewayClient(system.gatewayUrl, system.apiKey);
  });

  afterAll(async () => {
    await system.stop();
    await telemetry.shutdown();
  });

  const report = (dispatchId: string, status: string) => api.run('PATCH', `/api/dispatches/${dispatchId}/status`, { status });
  const close = (dispatchId: string, reason?: string) => api.run('POST', `/api/dispatches/${dispatchId}/close`, reason ? { reason } : undefined);

  it('when a unit is dispatched and reports en route, on scene and is closed, then each step is processed, readable and audited', async () => {
    const occurrenceId = await api.createOccurrence();

    const assigned = await api.dispatchUnit(occurrenceId, 'ABT-12');
    const dispatchId = assigned.result.dispatchId;
    const steps = [await report(dispatchId, 'en_route'), await report(dispatchId, 'on_scene'), await close(dispatchId, 'Retorno à base')];

    expect(assigned).toMatchObject({ status: 'processed', aggregateType: 'dispatch', aggregateId: dispatchId, result: { occurrenceId, status: 'assigned' } });
    expect(steps.map((step) => [step.status, step.result.status])).toEqual([
      ['processed', 'en_route'],
      ['processed', 'on_scene'],
      ['processed', 'closed'],
    ]);
    expect((await api.get(`/api/dispatches/${dispatchId}`)).body).toMatchObject({
      id: dispatchId,
      occurrenceId,
      resourceCode: 'ABT-12',
      status: 'closed',
      closeReason: 'Retorno à base',
      version: 4,
    });
    expect((await api.get(`/api/occurrences/${occurrenceId}/dispatches`)).body.data).toEqual([expect.objectContaining({ id: dispatchId })]);
    expect((await api.get(`/api/occurrences/${occurrenceId}`)).body.dispatches).toEqual([
      expect.objectContaining({ id: dispatchId, resourceCode: 'ABT-12', status: 'closed' }),
    ]);
    const trail = await waitFor(async () => {
      const entries = await api.auditTrail('dispatch', dispatchId);
      return entries.length === 4 && entries;
    }, { description: 'four dispatch audit entries' });
    expect(trail.map((entry) => entry.action)).toEqual(['dispatch.assigned', 'dispatch.status_changed', 'dispatch.status_changed', 'dispatch.closed']);
  });

  it('when the same unit is dispatched again while active, then it fails; once closed, it can be dispatched again', async () => {
    const occurrenceId = await api.createOccurrence();
    const first = await api.dispatchUnit(occurrenceId, 'ABT-13');

    const again = await api.dispatchUnit(occurrenceId, 'ABT-13');
    await close(first.result.dispatchId);
    const afterClose = await api.dispatchUnit(occurrenceId, 'ABT-13');

    expect(again).toMatchObject({ status: 'failed', error: { code: 'UNIT_NOT_AVAILABLE', context: { currentDispatch: { id: first.result.dispatchId, occurrenceId } } } });
    expect(afterClose).toMatchObject({ status: 'processed' });
    expect((await api.get(`/api/occurrences/${occurrenceId}/dispatches`)).body.data.map((d: { status: string }) => d.status)).toEqual([
      'closed',
      'assigned',
    ]);
  });

  it('when a status moves backwards, repeats, or the dispatch is closed, then the command fails with its reason', async () => {
    const occurrenceId = await api.createOccurrence();
    const dispatchId = (await api.dispatchUnit(occurrenceId, 'UR-01')).result.dispatchId;
    await report(dispatchId, 'on_scene');

    expect(await report(dispatchId, 'en_route')).toMatchObject({ status: 'failed', error: { code: 'INVALID_DISPATCH_TRANSITION' } });
    expect(await report(dispatchId, 'on_scene')).toMatchObject({ status: 'failed', error: { code: 'DISPATCH_ALREADY_IN_STATUS' } });
    await close(dispatchId);
    expect(await close(dispatchId)).toMatchObject({ status: 'failed', error: { code: 'DISPATCH_ALREADY_CLOSED' } });
    expect(await report(dispatchId, 'en_route')).toMatchObject({ status: 'failed', error: { code: 'DISPATCH_ALREADY_CLOSED' } });
  });

  it('when a status is not one a unit reports, then it is a 400 naming body.status', async () => {
    const answer = await api.request('PATCH', '/api/dispatches/00000000-0000-4000-8000-000000000002/status', {
      body: { status: 'closed' },
      idempotencyKey: 'bad-status',
    });

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'body.status' })]);
  });

  it('when the occurrence is resolved or cancelled, then new dispatches to it are refused', async () => {
    const resolved = await api.createOccurrence();
    await api.run('POST', `/api/occurrences/${resolved}/start`);
    await api.run('POST', `/api/occurrences/${resolved}/resolve`);
    const cancelled = await api.createOccurrence();
    await api.run('POST', `/api/occurrences/${cancelled}/cancel`, { reason: 'Trote' });

    expect(await api.dispatchUnit(resolved, 'ABT-20')).toMatchObject({ status: 'failed', error: { code: 'OCCURRENCE_NOT_OPEN' } });
    expect(await api.dispatchUnit(cancelled, 'ABT-20')).toMatchObject({ status: 'failed', error: { code: 'OCCURRENCE_NOT_OPEN' } });
  });

  it('when an occurrence is cancelled, then its open dispatches close with it and each closing is audited', async () => {
    const occurrenceId = await api.createOccurrence();
    const a = (await api.dispatchUnit(occurrenceId, 'ABT-30')).result.dispatchId;
    const b = (await api.dispatchUnit(occurrenceId, 'ABT-31')).result.dispatchId;
    await report(b, 'en_route');

    await api.run('POST', `/api/occurrences/${occurrenceId}/cancel`, { reason: 'Trote' });

    const dispatches = await waitFor(async () => {
      const { data } = (await api.get(`/api/occurrences/${occurrenceId}/dispatches`)).body;
      return data.every((d: { status: string }) => d.status === 'closed') && data;
    }, { description: 'both dispatches closed' });
    expect(dispatches.map((d: { id: string; closeReason: string }) => [d.id, d.closeReason])).toEqual([
      [a, 'occurrence_cancelled'],
      [b, 'occurrence_cancelled'],
    ]);
    const trail = await waitFor(async () => {
      const entries = await api.auditTrail('dispatch', b);
      return entries.length === 3 && entries;
    }, { description: 'closing audit entry' });
    expect(trail[2]).toMatchObject({ action: 'dispatch.closed', before: { status: 'en_route' }, after: { status: 'closed' } });
  });

  it('when dispatch ids or occurrences are unknown, then reads are 404 and commands fail with NOT_FOUND reasons', async () => {
    const unknown = '00000000-0000-4000-8000-000000000003';

    expect((await api.get(`/api/dispatches/${unknown}`)).status).toBe(404);
    expect(await close(unknown)).toMatchObject({ status: 'failed', error: { code: 'DISPATCH_NOT_FOUND' } });
    expect(await report(unknown, 'en_route')).toMatchObject({ status: 'failed', error: { code: 'DISPATCH_NOT_FOUND' } });
    expect(await api.dispatchUnit(unknown, 'ABT-40')).toMatchObject({ status: 'failed', error: { code: 'OCCURRENCE_NOT_FOUND' } });
  });
});
