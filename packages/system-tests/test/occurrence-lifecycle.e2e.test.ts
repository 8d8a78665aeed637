import { startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { GatewayClient, startInProcessSystem, type InProcessSystem } from '../src';

describe('occurrence lifecycle through the gateway', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let api: GatewayClient;

  beforeAll(async () => {
    system = await startInProcessSystem('lifecycle');
    api = new GatewayClient(system.gatewayUrl, system.apiKey);
  });

  afterAll(async () => {
    await system.stop();
    await telemetry.shutdown();
  });

  it('when an occurrence is started and resolved, then each command is processed and the audit trail holds every step in order', async () => {
    const id = await api.createOccurrence();

    const started = await api.run('POST', `/api/occurrences/${id}/start`);
    const resolved = await api.run('POST', `/api/occurrences/${id}/resolve`, { note: 'Fogo extinto' });

    expect(started).toMatchObject({ status: 'processed', aggregateType: 'occurrence', aggregateId: id, result: { occurrenceId: id, status: 'in_progress' } });
    expect(resolved).toMatchObject({ status: 'processed', result: { status: 'resolved' } });
    const detail = (await api.get(`/api/occurrences/${id}`)).body;
    expect(detail).toMatchObject({ status: 'resolved', statusReason: 'Fogo extinto', version: 3, dispatches: [] });
    expect(detail.startedAt).not.toBeNull();
    expect(detail.closedAt).not.toBeNull();
    const trail = await waitForTrail(id, 3);
    expect(trail.map((entry) => [entry.action, entry.before?.status ?? null, entry.after.status])).toEqual([
      ['occurrence.created', null, 'reported'],
      ['occurrence.started', 'reported', 'in_progress'],
      ['occurrence.resolved', 'in_progress', 'resolved'],
    ]);
    expect(trail.every((entry) => entry.actor.clientId === 'dev-client')).toBe(true);
  });

  it('when an occurrence is cancelled with a reason, then it is cancelled and keeps the reason', async () => {
    const id = await api.createOccurrence();

    const cancelled = await api.run('POST', `/api/occurrences/${id}/cancel`, { reason: 'Trote' });

    expect(cancelled).toMatchObject({ status: 'processed', result: { status: 'cancelled' } });
    expect((await api.get(`/api/occurrences/${id}`)).body).toMatchObject({ status: 'cancelled', statusReason: 'Trote' });
  });

  it('when a cancel has no reason, then it is a 400 naming body.reason and no command exists', async () => {
    const id = await api.createOccurrence();

    const answer = await api.request('POST', `/api/occurrences/${id}/cancel`, { body: {}, idempotencyKey: 'cancel-no-reason' });

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'body.reason' })] });
    // Had the rejected request stored a command, this valid one would be a 409 for reusing its key.
    const retry = await api.request('POST', `/api/occurrences/${id}/cancel`, { body: { reason: 'x' }, idempotencyKey: 'cancel-no-reason' });
    expect(retry.status).toBe(202);
  });

  describe('when a transition is not allowed, then the command fails with a machine-readable reason', () => {
    it.each([
      ['resolve', 'reported', 'OCCURRENCE_NOT_STARTED'],
      ['start', 'in_progress', 'OCCURRENCE_ALREADY_IN_PROGRESS'],
      ['start', 'resolved', 'OCCURRENCE_ALREADY_RESOLVED'],
      ['resolve', 'resolved', 'OCCURRENCE_ALREADY_RESOLVED'],
      ['cancel', 'resolved', 'OCCURRENCE_ALREADY_RESOLVED'],
      ['start', 'cancelled', 'OCCURRENCE_ALREADY_CANCELLED'],
      ['resolve', 'cancelled', 'OCCURRENCE_ALREADY_CANCELLED'],
      ['cancel', 'cancelled', 'OCCURRENCE_ALREADY_CANCELLED'],
    ])('%s on a %s occurrence fails with %s', async (action, state, code) => {
      const id = await occurrenceIn(state);

      const command = await api.run('POST', `/api/occurrences/${id}/${action}`, action === 'cancel' ? { reason: 'x' } : undefined);

      expect(command).toMatchObject({ status: 'failed', aggregateId: id, error: { code, status: 422 } });
      expect(command.error.detail).toContain(action);
      expect((await api.get(`/api/occurrences/${id}`)).body.status).toBe(state);
    });
  });

  it('when a lifecycle command names an unknown occurrence, then it is accepted and fails with OCCURRENCE_NOT_FOUND', async () => {
    const command = await api.run('POST', '/api/occurrences/00000000-0000-4000-8000-000000000001/start');

    expect(command).toMatchObject({ status: 'failed', error: { code: 'OCCURRENCE_NOT_FOUND' } });
  });

  it('when an occurrence id is unknown or malformed, then reads answer 404 and writes 400 problems', async () => {
    const unknown = await api.get('/api/occurrences/00000000-0000-4000-8000-000000000001');
    const malformedRead = await api.get('/api/occurrences/not-a-uuid');
    const malformedWrite = await api.request('POST', '/api/occurrences/not-a-uuid/start', { idempotencyKey: 'malformed' });

    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'OCCURRENCE_NOT_FOUND' });
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(malformedRead.status).toBe(400);
    expect(malformedWrite.status).toBe(400);
    expect(malformedWrite.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ field: 'path.id' })] });
  });

  async function occurrenceIn(state: string): Promise<string> {
    const id = await api.createOccurrence();
    const steps: Record<string, Array<[string, unknown]>> = {
      reported: [],
      in_progress: [['start', undefined]],
      resolved: [['start', undefined], ['resolve', undefined]],
      cancelled: [['cancel', { reason: 'setup' }]],
    };
    for (const [action, body] of steps[state]!) {
      const command = await api.run('POST', `/api/occurrences/${id}/${action}`, body);
      if (command.status !== 'processed') throw new Error(`setup ${action} failed: ${JSON.stringify(command)}`);
    }
    return id;
  }

  async function waitForTrail(id: string, length: number) {
    return waitFor(async () => {
      const trail = await api.auditTrail('occurrence', id);
      return trail.length === length && trail;
    }, { description: `${length} audit entries` });
  }
});
