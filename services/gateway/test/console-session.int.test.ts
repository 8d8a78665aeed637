import path from 'node:path';
import pg from 'pg';
import { createTestDatabase, waitFor, type TestDatabase } from '@atalaia/testing';
import { ApiClientStore } from '../src/db/api-client-store';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { CLIENT_CACHE_TTL_MS } from '../src/http/api-client-resolvers';
import { buildConsoleTestApp, type ConsoleTestApp, type ConsoleTestAppOptions } from './console-test-app';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const DEV_KEY = 'dev-key-that-no-scrubber-knows-1234';
const OPERATOR_KEY = 'operator-key-that-no-scrubber-knows-5678';
const json = { 'content-type': 'application/json' };
const intake = (externalId: string) => ({ externalId, type: 'incendio_urbano', description: 'Fogo', reportedAt: '2026-02-01T14:32:00-03:00' });

describe('console sessions', () => {
  let database: TestDatabase;
  let prisma: GatewayPrisma;
  let clients: ApiClientStore;
  let gateway: ConsoleTestApp;
  const started: ConsoleTestApp[] = [];

  const startApp = async (options: ConsoleTestAppOptions = {}) => {
    const built = await buildConsoleTestApp(prisma, { devKey: DEV_KEY, operatorKey: OPERATOR_KEY, ...options });
    started.push(built);
    return built;
  };
  const signIn = (apiKey: string, on = gateway) => on.app.inject({ method: 'POST', url: '/api/session', headers: json, payload: { apiKey } });
  const sessionCookieOf = (response: { cookies: Array<{ name: string; value: string }> }) => response.cookies.find((cookie) => cookie.name === 'atalaia_session')!.value;
  const withCookie = (token: string, on = gateway) => (url: string) => on.app.inject({ url, cookies: { atalaia_session: token } });

  beforeAll(async () => {
    database = await createTestDatabase('console_sessions', migrations);
    prisma = createGatewayPrisma(database.url);
    clients = new ApiClientStore(prisma);
    gateway = await startApp();
  });

  afterAll(async () => {
    await Promise.all(started.map((app) => app.close()));
    await prisma.$disconnect();
    await database.drop();
  });

  it('when a client signs in with its key, then it gets its client, expiry and trace viewer, and an HttpOnly SameSite=Strict cookie for the whole origin', async () => {
    const { record, key } = await clients.create({ name: 'CIOPS', agencyId: 'cbm-se', scopes: ['read', 'occurrences:write'], rateLimitPerMinute: null });
    const before = Date.now();

    const response = await signIn(key);

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      client: {
        id: record.id,
        agencyId: 'cbm-se',
        scopes: ['read', 'occurrences:write'],
        crossAgency: false,
        permissions: ['occurrences:report', 'occurrences:progress', 'occurrences:cancel', 'read'],
      },
      expiresAt: expect.any(String),
      jaegerUrl: 'http://127.0.0.1:16686',
    });
    expect(Date.parse(response.json().expiresAt)).toBeGreaterThanOrEqual(before + 3_599_000);
    const cookie = response.cookies.find((candidate) => candidate.name === 'atalaia_session')!;
    expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Strict' });
    expect(cookie.secure).toBeUndefined();
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('when the cookie is sent, then it authenticates GET /api/session and every /api route as the key would', async () => {
    const { record, key } = await clients.create({ name: 'CIOPS', agencyId: 'cbm-se', scopes: ['read', 'occurrences:write'], rateLimitPerMinute: null });
    const token = sessionCookieOf(await signIn(key));

    const session = await withCookie(token)('/api/session');
    const commands = await withCookie(token)('/api/commands');

    expect(session.statusCode).toBe(200);
    expect(session.json().client.id).toBe(record.id);
    expect(commands.statusCode).toBe(200);
    expect(commands.headers['ratelimit-limit']).toBeDefined();
  });

  it('when the key is wrong, then 401 INVALID_API_KEY, no cookie, and repeated failures are refused by the authentication guard', async () => {
    const guarded = await startApp({ authFailuresPerMinute: 2 });

    const answers = [];
    for (let attempt = 0; attempt < 3; attempt += 1) answers.push(await signIn('atk_00000000_' + 'x'.repeat(43), guarded));

    expect(answers.map((answer) => [answer.statusCode, answer.json().code])).toEqual([
      [401, 'INVALID_API_KEY'],
      [401, 'INVALID_API_KEY'],
      [429, 'RATE_LIMITED'],
    ]);
    expect(answers[0]!.headers['set-cookie']).toBeUndefined();
  });

  it('when no cookie is sent, then GET /api/session is 401 AUTHENTICATION_REQUIRED; an unknown token is 401 SESSION_EXPIRED', async () => {
    const none = await gateway.app.inject({ url: '/api/session' });
    const unknown = await withCookie('A'.repeat(43))('/api/session');

    expect([none.statusCode, none.json().code]).toEqual([401, 'AUTHENTICATION_REQUIRED']);
    expect([unknown.statusCode, unknown.json().code]).toEqual([401, 'SESSION_EXPIRED']);
  });

  it('when the console signs out, then 204, the cookie is cleared, the row is gone and the cookie no longer works', async () => {
    const token = sessionCookieOf(await signIn(DEV_KEY));

    const response = await gateway.app.inject({ method: 'DELETE', url: '/api/session', cookies: { atalaia_session: token } });

    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((cookie) => cookie.name === 'atalaia_session')).toMatchObject({ value: '', path: '/' });
    expect(await prisma.consoleSession.count({ where: { clientId: 'dev-client' } })).toBe(0);
    const after = await withCookie(token)('/api/commands');
    expect([after.statusCode, after.json().code]).toEqual([401, 'SESSION_EXPIRED']);
  });

  it('when the session lifetime is over, then the cookie stops working with SESSION_EXPIRED', async () => {
    const shortLived = await startApp({ sessionTtlSeconds: 1 });
    const token = sessionCookieOf(await signIn(DEV_KEY, shortLived));
    expect((await withCookie(token, shortLived)('/api/session')).statusCode).toBe(200);

    const expired = await waitFor(async () => {
      const response = await withCookie(token, shortLived)('/api/session');
      return response.statusCode !== 200 && response;
    }, { timeoutMs: 5_000, intervalMs: 100, description: 'the session to expire' });

    expect(expired.json().code).toBe('SESSION_EXPIRED');
  });

  it.each([
    ['revoked', (id: string) => clients.revoke(id)],
    ['rotated', (id: string) => clients.rotate(id)],
  ])('when the key that signed in is %s, then its sessions end within the client cache bound', async (_change, change) => {
    const { record, key } = await clients.create({ name: 'PM', agencyId: 'pm-se', scopes: ['read'], rateLimitPerMinute: null });
    const token = sessionCookieOf(await signIn(key));
    expect((await withCookie(token)('/api/commands')).statusCode).toBe(200);

    await change(record.id);

    const refused = await waitFor(async () => {
      const response = await withCookie(token)('/api/commands');
      return response.statusCode !== 200 && response;
    }, { timeoutMs: CLIENT_CACHE_TTL_MS * 2 + 2_000, intervalMs: 100, description: 'the session to end' });
    expect(refused.json().code).toBe('SESSION_EXPIRED');
  });

  it('when CONSOLE_COOKIE_SECURE is set, then the cookie is Secure', async () => {
    const secure = await startApp({ cookieSecure: true });

    const response = await signIn(DEV_KEY, secure);

    expect(response.cookies.find((cookie) => cookie.name === 'atalaia_session')!.secure).toBe(true);
  });

  it('when a change is sent with the cookie from another origin, then 403 CROSS_ORIGIN_REQUEST and nothing is accepted; from the same origin it is accepted', async () => {
    const token = sessionCookieOf(await signIn(DEV_KEY));
    const send = (origin: string, externalId: string) =>
      gateway.app.inject({
        method: 'POST',
        url: '/api/integrations/occurrences',
        headers: { ...json, origin, host: '127.0.0.1:8000', 'idempotency-key': externalId },
        cookies: { atalaia_session: token },
        payload: intake(externalId),
      });

    const foreign = await send('https://evil.example', 'CSRF-1');
    const own = await send('http://127.0.0.1:8000', 'CSRF-2');
    const foreignRead = await gateway.app.inject({ url: '/api/commands', headers: { origin: 'https://evil.example' }, cookies: { atalaia_session: token } });

    expect([foreign.statusCode, foreign.json().code]).toEqual([403, 'CROSS_ORIGIN_REQUEST']);
    expect(own.statusCode).toBe(202);
    expect(foreignRead.statusCode).toBe(200);
    expect((await prisma.command.findMany({ where: { clientId: 'dev-client' } })).map((command) => command.idempotencyKey)).toEqual(['CSRF-2']);
  });

  it('when the development operator key signs in, then its session holds every scope, agencies:all and operations included', async () => {
    const response = await signIn(OPERATOR_KEY);

    expect(response.json().client).toEqual({
      id: 'dev-operator',
      agencyId: 'central',
      scopes: ['occurrences:write', 'dispatches:write', 'units:write', 'read', 'audit:read', 'agencies:all', 'operations'],
      crossAgency: true,
      // Every permission API scopes grant; managing users and API clients belongs to people's roles.
      permissions: [
        'occurrences:report',
        'occurrences:progress',
        'occurrences:cancel',
        'dispatches:write',
        'units:status',
        'units:manage',
        'read',
        'audit:read',
        'audit:verify',
        'operations',
        'agencies:all',
      ],
    });
  });

  it('when keys are used to sign in, then no key reaches the logs or the session table, and only the token hash is stored', async () => {
    const { key } = await clients.create({ name: 'SAMU', agencyId: 'samu-se', scopes: ['read'], rateLimitPerMinute: null });
    const tokens = [sessionCookieOf(await signIn(key)), sessionCookieOf(await signIn(DEV_KEY))];
    await signIn(`${DEV_KEY}-wrong`);

    const raw = new pg.Client({ connectionString: database.url });
    await raw.connect();
    const { rows } = await raw.query('SELECT * FROM console_sessions');
    await raw.end();
    const stored = JSON.stringify(rows);
    const logged = gateway.logs.join('');

    expect(logged).toContain('console session started');
    for (const secret of [key, key.slice(13), DEV_KEY, ...tokens]) {
      expect(logged).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
  });
});
