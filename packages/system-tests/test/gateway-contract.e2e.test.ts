import { randomUUID } from 'node:crypto';
import { ApiClientStore, CLIENT_CACHE_TTL_MS, createGatewayPrisma, type ApiScope } from '@atalaia/gateway';
import { startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { GatewayClient, startInProcessSystem, type InProcessSystem } from '../src';

const intake = (externalId: string) => ({
  externalId,
  type: 'incendio_urbano',
  description: 'Incêndio em residência',
  reportedAt: '2026-02-01T14:32:00-03:00',
});

describe('gateway contract: idempotency, API clients, scopes, rate limits, correlation', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let system: InProcessSystem;
  let dev: GatewayClient;
  let prisma: ReturnType<typeof createGatewayPrisma>;
  let clients: ApiClientStore;

  beforeAll(async () => {
    system = await startInProcessSystem('contract');
    dev = new GatewayClient(system.gatewayUrl, system.apiKey);
    prisma = createGatewayPrisma(system.databases.gateway.url);
    clients = new ApiClientStore(prisma);
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await system.stop();
    await telemetry.shutdown();
  });

  async function clientFor(agencyId: string, scopes: ApiScope[], rateLimitPerMinute: number | null = null) {
    const { record, key } = await clients.create({ name: agencyId, agencyId, scopes, rateLimitPerMinute });
    return { id: record.id, api: new GatewayClient(system.gatewayUrl, key) };
  }

  const rawPost = (api: GatewayClient, body: string, key: string) =>
    fetch(`${system.gatewayUrl}/api/integrations/occurrences`, {
      method: 'POST',
      headers: { 'X-API-Key': api.apiKey, 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body,
    });

  it('when 100 identical requests race with one key, then exactly one command exists and every answer carries its id', async () => {
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        dev.request('POST', '/api/integrations/occurrences', { body: intake('RACE-1'), idempotencyKey: 'race-key' }),
      ),
    );

    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([202]));
    expect(new Set(answers.map((answer) => answer.body.commandId)).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    expect(await prisma.command.count({ where: { idempotencyKey: 'race-key' } })).toBe(1);
  });

  it('when a replay differs only in key order and whitespace, then it is the same request', async () => {
    const first = await rawPost(dev, JSON.stringify(intake('CANON-1')), 'canonical-key');
    const reordered = await rawPost(
      dev,
      '{ "reportedAt" : "2026-02-01T14:32:00-03:00",\n  "description":"Incêndio em residência", "type": "incendio_urbano", "externalId":"CANON-1" }',
      'canonical-key',
    );

    expect(reordered.status).toBe(202);
    expect(reordered.headers.get('idempotent-replayed')).toBe('true');
    const idOf = async (response: Response) => ((await response.json()) as { commandId: string }).commandId;
    expect(await idOf(reordered)).toBe(await idOf(first));
  });

  it('when the Idempotency-Key is missing on a write, then it is a 400 problem', async () => {
    const answer = await dev.request('POST', '/api/integrations/occurrences', { body: intake('NO-KEY') });
    expect(answer).toMatchObject({ status: 400, body: { code: 'IDEMPOTENCY_KEY_REQUIRED' } });
  });

  it('when two agencies use the same key string, then each gets its own command and sees only its own', async () => {
    const a = await clientFor('agency-a', ['occurrences:write', 'read']);
    const b = await clientFor('agency-b', ['occurrences:write', 'read']);

    const ofA = await a.api.request('POST', '/api/integrations/occurrences', { body: intake('SHARED-1'), idempotencyKey: 'same-key' });
    const ofB = await b.api.request('POST', '/api/integrations/occurrences', { body: intake('SHARED-1'), idempotencyKey: 'same-key' });

    expect([ofA.status, ofB.status]).toEqual([202, 202]);
    expect(ofA.body.commandId).not.toBe(ofB.body.commandId);
    expect((await b.api.get(`/api/commands/${ofA.body.commandId}`)).status).toBe(404);
    expect((await a.api.get(`/api/commands/${ofA.body.commandId}`)).status).toBe(200);
  });

  it('when an API client acts, then the command and the audit trail record that client', async () => {
    const agency = await clientFor('agency-audit', ['occurrences:write', 'read', 'audit:read']);

    const command = await agency.api.run('POST', '/api/integrations/occurrences', intake('ACTOR-1'));

    const trail = await waitFor(async () => {
      const entries = await agency.api.auditTrail('occurrence', command.aggregateId);
      return entries.length === 1 && entries;
    }, { description: 'the audit entry' });
    expect(trail[0].actor).toEqual({ clientId: agency.id, agencyId: 'agency-audit' });
    expect((await prisma.command.findUniqueOrThrow({ where: { id: command.commandId } })).clientId).toBe(agency.id);
  });

  it('when the key comes as a Bearer token, then it authenticates like X-API-Key', async () => {
    const answer = await fetch(`${system.gatewayUrl}/api/occurrences`, { headers: { Authorization: `Bearer ${system.apiKey}` } });
    expect(answer.status).toBe(200);
  });

  it('when a client lacks the scope a route needs, then it is a 403 problem; its own commands stay readable', async () => {
    const writer = await clientFor('agency-writer', ['occurrences:write']);
    const reader = await clientFor('agency-reader', ['read']);

    const commandId = await writer.api.send('POST', '/api/integrations/occurrences', intake('SCOPE-1'));
    const writerReads = await writer.api.get('/api/occurrences');
    const readerWrites = await reader.api.request('POST', '/api/integrations/occurrences', { body: intake('SCOPE-2'), idempotencyKey: 'k' });
    const writerDispatches = await writer.api.request('POST', `/api/occurrences/${commandId}/dispatches`, {
      body: { resourceCode: 'ABT-1' },
      idempotencyKey: 'k2',
    });
    const readerAudits = await reader.api.get('/api/audit/verification');

    for (const answer of [writerReads, readerWrites, writerDispatches, readerAudits]) {
      expect(answer).toMatchObject({ status: 403, body: { code: 'INSUFFICIENT_SCOPE' } });
    }
    expect((await writer.api.get(`/api/commands/${commandId}`)).status).toBe(200);
  });

  it('when a client is revoked, then its key is a 401 problem within the client cache bound', async () => {
    const { id, api } = await clientFor('agency-revoked', ['read']);
    expect((await api.get('/api/occurrences')).status).toBe(200);

    await clients.revoke(id);

    // The gateway reuses a client it found for CLIENT_CACHE_TTL_MS; the revocation must show after that (plus slack for a loaded machine).
    const refused = await waitFor(async () => {
      const answer = await api.get('/api/occurrences');
      return answer.status !== 200 && answer;
    }, { timeoutMs: CLIENT_CACHE_TTL_MS + 2_000, intervalMs: 100, description: 'the revoked key to be refused' });
    expect(refused).toMatchObject({ status: 401, body: { code: 'INVALID_API_KEY' } });
  });

  it('when a client exceeds its own limit across two gateway instances, then it gets 429 with Retry-After and RateLimit headers', async () => {
    const limited = await clientFor('agency-limited', ['read'], 5);
    const second = await system.startAnotherGateway();
    const viaSecond = new GatewayClient(second.url, limited.api.apiKey);
    // A fixed window: start early in one so all six requests share it.
    await waitFor(async () => Date.now() % 60_000 < 45_000, { timeoutMs: 20_000, description: 'the start of a rate-limit window' });

    const answers = [];
    for (let index = 0; index < 6; index += 1) answers.push(await (index % 2 ? viaSecond : limited.api).get('/api/occurrences'));

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers.map((answer) => answer.headers.get('ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0', '0']);
    const refused = answers[5]!;
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-limit')).toBe('5');
    expect((await dev.get('/api/occurrences')).status).toBe(200);
  });

  it('when a caller sends X-Correlation-Id, then it is echoed, stored on the command and carried into the audit trail', async () => {
    const answer = await dev.request('POST', '/api/integrations/occurrences', {
      body: intake('CORR-1'),
      idempotencyKey: 'correlated',
      headers: { 'X-Correlation-Id': 'ciops-2026-000123' },
    });
    expect(answer.headers.get('x-correlation-id')).toBe('ciops-2026-000123');

    const command = await dev.settle(answer.body.commandId);
    const trail = await waitFor(async () => {
      const entries = await dev.auditTrail('occurrence', command.aggregateId);
      return entries.length === 1 && entries;
    }, { description: 'the audit entry' });
    expect(command.correlationId).toBe('ciops-2026-000123');
    expect(trail[0].correlationId).toBe('ciops-2026-000123');
  });

  it('when an intake carries a place and a priority, then the detail shows them; malformed coordinates are a 400 problem naming the field, with no command', async () => {
    const location = { address: 'Av. Paulista, 1000', latitude: -23.5613, longitude: -46.6565, municipality: 'São Paulo', region: 'SP-OESTE' };
    const { api } = await clientFor('agency-place', ['occurrences:write', 'read']);
    const occurrenceId = await api.createOccurrence({ location, priority: 9 });
    const detail = await api.get(`/api/occurrences/${occurrenceId}`);
    expect(detail.body).toMatchObject({ priority: 9, location: { ...location, geocoded: false }, acceptedAt: expect.any(String) });

    const malformed: Array<[string, string]> = [
      ['{"latitude": 91, "longitude": 0}', 'body.location.latitude'],
      ['{"latitude": 0, "longitude": -200}', 'body.location.longitude'],
      ['{"latitude": "-23.5", "longitude": -46.6}', 'body.location.latitude'],
      ['{"latitude": 1e999, "longitude": 0}', 'body.location.latitude'],
      ['{"latitude": -23.5}', 'body.location.longitude'],
    ];
    for (const [place, field] of malformed) {
      const key = `place-${randomUUID()}`;
      const body = JSON.stringify(intake(`PLACE-${randomUUID()}`)).replace(/}$/, `, "location": ${place}}`);
      const answer = await rawPost(api, body, key);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await answer.json()) as { code: string; errors: Array<{ field: string }> };
      expect({ place, code: problem.code, fields: problem.errors.map((error) => error.field) }).toEqual({ place, code: 'VALIDATION_FAILED', fields: [field] });
    }
    const nan = await rawPost(api, JSON.stringify(intake(`PLACE-${randomUUID()}`)).replace(/}$/, ', "location": {"latitude": NaN, "longitude": 0}}'), randomUUID());
    expect(nan.status).toBe(400);
    expect(((await nan.json()) as { code: string }).code).toBe('INVALID_JSON');
    // Only the valid intake became a command.
    expect((await api.get('/api/commands')).body.data).toHaveLength(1);
  });

  it('when a client reads a command with ?wait=, then one request answers once it settles, on any gateway instance; a pending one says Retry-After', async () => {
    const { api } = await clientFor('agency-wait', ['occurrences:write', 'dispatches:write', 'read']);
    const second = await system.startAnotherGateway();
    try {
      const viaSecond = new GatewayClient(second.url, api.apiKey);
      const accepted = await api.request('POST', '/api/integrations/occurrences', { body: intake(`WAIT-${randomUUID()}`), idempotencyKey: randomUUID() });
      expect(accepted.status).toBe(202);
      expect(accepted.headers.get('retry-after')).toBe('1');

      // Accepted through one instance, waited for through the other: its feed sees the result too.
      const settled = await viaSecond.get(`/api/commands/${accepted.body.commandId}?wait=20`);
      expect(settled).toMatchObject({ status: 200, body: { status: 'processed' } });
      expect(settled.headers.get('retry-after')).toBeNull();

      // A dispatch for an occurrence no service knows is parked, pending, for the grace period: the wait ends with its status.
      const parked = await api.request('POST', `/api/occurrences/${randomUUID()}/dispatches`, { body: { unitCode: 'ABT-1' }, idempotencyKey: randomUUID() });
      const pending = await api.get(`/api/commands/${parked.body.commandId}?wait=1`);
      expect(pending).toMatchObject({ status: 200, body: { status: 'pending' } });
      expect(pending.headers.get('retry-after')).toBe('1');

      for (const wait of ['31', '-1', 'soon']) {
        const refused = await api.get(`/api/commands/${parked.body.commandId}?wait=${wait}`);
        expect({ wait, status: refused.status, code: refused.body.code }).toEqual({ wait, status: 400, code: 'VALIDATION_FAILED' });
      }
    } finally {
      await second.stop();
    }
  });
});
