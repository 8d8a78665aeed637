import { startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { countRows, startInProcessSystem, type InProcessSystem } from '../src';

// The seed's section 8 scenario, verbatim.
const seedBody = {
  externalId: 'EXT-2026-000123',
  type: 'incendio_urbano',
  description: 'Incêndio em residência',
  reportedAt: '2026-02-01T14:32:00-03:00',
};
const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('walking skeleton: one occurrence travels the whole system', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;

  beforeAll(async () => {
    system = await startInProcessSystem('skeleton');
  });

  afterAll(async () => {
    await system.stop();
    await telemetry.shutdown();
  });

  const call = (path: string, init: RequestInit & { idempotencyKey?: string } = {}) =>
    fetch(`${system.gatewayUrl}${path}`, {
      ...init,
      headers: {
        'X-API-Key': system.apiKey,
        ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        ...(init.idempotencyKey ? { 'Idempotency-Key': init.idempotencyKey } : {}),
        ...(init.headers as Record<string, string>),
      },
    });

  // Test assertions read the JSON answers loosely.
  const bodyOf = async (response: Response | Promise<Response>): Promise<any> => (await response).json();

  const postOccurrence = (idempotencyKey: string, body: unknown) =>
    call('/api/integrations/occurrences', {
      method: 'POST',
      idempotencyKey,
      body: JSON.stringify(body),
      headers: { traceparent: `00-${callerTraceId}-00f067aa0ba902b7-01` },
    });

  const settledCommand = (location: string) =>
    waitFor(
      async () => {
        const command = await bodyOf(call(location));
        return command.status !== 'pending' && command;
      },
      { description: `command ${location} to settle` },
    );

  const auditTrail = async (occurrenceId: string) =>
    (await bodyOf(call(`/api/audit?aggregateType=occurrence&aggregateId=${occurrenceId}`))).data as Array<Record<string, unknown>>;

  const tableSize = (databaseUrl: string, table: 'commands' | 'outbox_messages') => countRows(databaseUrl, `SELECT count(*)::int AS n FROM ${table}`);

  let occurrenceId: string;
  let firstCommandId: string;

  it('when the system is up, then the gateway reports ready', async () => {
    const response = await fetch(`${system.gatewayUrl}/health/ready`);
    expect(response.status).toBe(200);
    expect(await bodyOf(response)).toEqual({ status: 'ready', checks: { database: 'up', kafka: 'up' } });
  });

  it('when an agency posts the seed occurrence, then it gets 202 with a command id and its Location', async () => {
    const response = await postOccurrence('ext-2026-000123-create', seedBody);

    expect(response.status).toBe(202);
    const body = await bodyOf(response);
    expect(body.commandId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('location')).toBe(`/api/commands/${body.commandId}`);
    firstCommandId = body.commandId;
  });

  it('when the command has travelled relay → Kafka → occurrence service → results, then it is processed with the occurrence id', async () => {
    const command = await settledCommand(`/api/commands/${firstCommandId}`);

    expect(command).toMatchObject({ status: 'processed', aggregateType: 'occurrence', result: { outcome: 'created' } });
    occurrenceId = command.result.occurrenceId;
    expect(command.aggregateId).toBe(occurrenceId);
  });

  it('when listing and reading occurrences through the gateway, then the occurrence is there as reported', async () => {
    const list = await bodyOf(call('/api/occurrences'));
    const detail = await call(`/api/occurrences/${occurrenceId}`);

    expect(list.data).toEqual([expect.objectContaining({ id: occurrenceId, externalId: seedBody.externalId })]);
    expect(detail.status).toBe(200);
    expect(await bodyOf(detail)).toMatchObject({
      id: occurrenceId,
      externalId: 'EXT-2026-000123',
      type: 'incendio_urbano',
      description: 'Incêndio em residência',
      status: 'reported',
      reportedAt: '2026-02-01T17:32:00.000Z',
    });
  });

  it('when the audit trail is read through the gateway, then it holds the creation with its actor and the caller trace', async () => {
    const trail = await waitFor(async () => {
      const entries = await auditTrail(occurrenceId);
      return entries.length === 1 && entries;
    }, { description: 'the audit entry' });

    expect(trail[0]).toMatchObject({
      action: 'occurrence.created',
      aggregateId: occurrenceId,
      actor: { clientId: 'dev-client', agencyId: 'dev-agency' },
      commandId: firstCommandId,
      before: null,
      after: expect.objectContaining({ id: occurrenceId, status: 'reported' }),
    });
    expect(trail[0]!.traceparent).toMatch(new RegExp(`^00-${callerTraceId}-`));
  });

  it('when the processed request is replayed with the same key, then it gets the same command id, says processed, and has no second effect', async () => {
    const replay = await postOccurrence('ext-2026-000123-create', { ...seedBody });

    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.headers.get('location')).toBe(`/api/commands/${firstCommandId}`);
    expect(await bodyOf(replay)).toMatchObject({ commandId: firstCommandId, status: 'processed' });
    expect(await tableSize(system.databases.gateway.url, 'commands')).toBe(1);
    expect(await tableSize(system.databases.gateway.url, 'outbox_messages')).toBe(1);
    const list = await bodyOf(call('/api/occurrences'));
    expect(list.data).toHaveLength(1);
    expect(await auditTrail(occurrenceId)).toHaveLength(1);
  });

  it('when the same key comes with a different body, then it is a 409 problem and nothing happens', async () => {
    const response = await postOccurrence('ext-2026-000123-create', { ...seedBody, description: 'Outra descrição' });

    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await bodyOf(response)).toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    const detail = await bodyOf(call(`/api/occurrences/${occurrenceId}`));
    expect(detail.description).toBe('Incêndio em residência');
  });

  it('when a new command reports the same externalId with changes, then the occurrence is updated, not duplicated', async () => {
    const response = await postOccurrence('ext-2026-000123-update', { ...seedBody, description: 'Incêndio controlado' });
    const command = await settledCommand(response.headers.get('location')!);

    expect(command).toMatchObject({ status: 'processed', aggregateId: occurrenceId, result: { outcome: 'updated' } });
    const list = await bodyOf(call('/api/occurrences'));
    expect(list.data).toEqual([expect.objectContaining({ id: occurrenceId, description: 'Incêndio controlado', version: 2 })]);
    const trail = await waitFor(async () => {
      const entries = await auditTrail(occurrenceId);
      return entries.length === 2 && entries;
    }, { description: 'the update audit entry' });
    expect(trail.map((entry) => entry.action)).toEqual(['occurrence.created', 'occurrence.updated']);
  });

  it('when the audit chain is verified, then it is intact', async () => {
    expect(await bodyOf(call('/api/audit/verification'))).toMatchObject({ valid: true, entries: 2, checkedThroughSequence: '2' });
  });

  it('when a command id is unknown or malformed, then the answer is a 404 or 400 problem', async () => {
    const unknown = await call('/api/commands/00000000-0000-4000-8000-000000000000');
    const malformed = await call('/api/commands/not-an-id');

    expect(unknown.status).toBe(404);
    expect(await bodyOf(unknown)).toMatchObject({ code: 'COMMAND_NOT_FOUND' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('when no or a wrong API key is sent, then the answer is a 401 problem', async () => {
    const missing = await fetch(`${system.gatewayUrl}/api/occurrences`);
    const wrong = await fetch(`${system.gatewayUrl}/api/occurrences`, { headers: { 'X-API-Key': 'wrong-key-123' } });

    expect(missing.status).toBe(401);
    expect(await bodyOf(missing)).toMatchObject({ code: 'AUTHENTICATION_REQUIRED' });
    expect(wrong.status).toBe(401);
    expect(await bodyOf(wrong)).toMatchObject({ code: 'INVALID_API_KEY' });
  });
});
