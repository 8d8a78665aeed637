import { randomBytes } from 'node:crypto';
import { createServiceApp } from '@atalaia/http';
import { createLogger } from '@atalaia/telemetry';
import type { ApiClientRecord } from '../src/db/api-client-store';
import { issueApiKey } from '../src/domain/api-key';
import { CLIENT_CACHE_TTL_MS, StoredClientResolver, type ApiClientLookup } from '../src/http/api-client-resolvers';
import { authenticationHook } from '../src/http/authentication';
import { AuthenticationGuard } from '../src/http/authentication-guard';

const logger = createLogger('auth-flood-test', 'silent');
const FAILURES_PER_MINUTE = 60;
const unknownKey = () => `atk_${randomBytes(4).toString('hex')}_${randomBytes(32).toString('base64url')}`;

/** The client store's lookup, in memory, counting every query that would reach the database. */
class CountingClientStore implements ApiClientLookup {
  lookups = 0;
  readonly records = new Map<string, ApiClientRecord>();

  async findByPrefix(prefix: string): Promise<ApiClientRecord | null> {
    this.lookups += 1;
    return this.records.get(prefix) ?? null;
  }

  touches = 0;

  async touch(): Promise<void> {
    this.touches += 1;
  }

  register(): { key: string; record: ApiClientRecord } {
    const issued = issueApiKey();
    const record: ApiClientRecord = {
      id: `client-${issued.prefix}`,
      name: 'CIOPS',
      agencyId: 'cbm-se',
      keyPrefix: issued.prefix,
      keyHash: issued.hash,
      scopes: ['read'],
      rateLimitPerMinute: null,
      createdAt: new Date(),
      rotatedAt: null,
      lastUsedAt: null,
      revokedAt: null,
    };
    this.records.set(issued.prefix, record);
    return { key: issued.key, record };
  }
}

async function gatewayWith(store: CountingClientStore, now: () => number = Date.now) {
  const app = await createServiceApp({ name: 'gateway', logger, healthChecks: {} });
  const guard = new AuthenticationGuard({ failuresPerMinute: FAILURES_PER_MINUTE, now });
  await app.register(async (api) => {
    api.addHook('onRequest', authenticationHook(new StoredClientResolver(store, logger, { now }), guard));
    api.get('/api/whoami', async (request) => ({ clientId: request.apiClient.id }));
  });
  const call = (key: string, remoteAddress: string) => app.inject({ url: '/api/whoami', headers: { 'x-api-key': key }, remoteAddress });
  return { app, call };
}

/** Sends `keys` from one address, 100 at a time, as a flood would. */
async function flood(call: (key: string, address: string) => Promise<{ statusCode: number }>, keys: string[], address: string) {
  const statuses: number[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    const answers = await Promise.all(keys.slice(start, start + 100).map((key) => call(key, address)));
    statuses.push(...answers.map((answer) => answer.statusCode));
  }
  return statuses;
}

describe('authentication under a flood of unknown keys', () => {
  it('when one address sends 10,000 distinct well-formed unknown keys, then at most the limit of them are looked up and the rest get 429', async () => {
    const store = new CountingClientStore();
    // One frozen minute: on a loaded machine the flood may take longer than the window it tests.
    const { call } = await gatewayWith(store, () => 1_000_000);

    const statuses = await flood(call, Array.from({ length: 10_000 }, unknownKey), '203.0.113.7');

    expect(store.lookups).toBeLessThanOrEqual(FAILURES_PER_MINUTE);
    expect(statuses.filter((status) => status === 401)).toHaveLength(store.lookups);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10_000 - store.lookups);
    const refused = await call(unknownKey(), '203.0.113.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
  });

  it('when one address is flooding, then a valid client from another address is answered as usual', async () => {
    const store = new CountingClientStore();
    const { key, record } = store.register();
    const { call } = await gatewayWith(store);

    await flood(call, Array.from({ length: 1_000 }, unknownKey), '203.0.113.7');
    const answer = await call(key, '198.51.100.20');

    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({ clientId: record.id });
  });

  it('when a client that authenticated recently shares the flooding address, then it still gets through', async () => {
    let clock = 1_000_000;
    const store = new CountingClientStore();
    const { key } = store.register();
    const { call } = await gatewayWith(store, () => clock);
    expect((await call(key, '192.0.2.1')).statusCode).toBe(200);

    await flood(call, Array.from({ length: 1_000 }, unknownKey), '192.0.2.1');
    clock += CLIENT_CACHE_TTL_MS;
    const lookupsBefore = store.lookups;
    const answer = await call(key, '192.0.2.1');

    expect(answer.statusCode).toBe(200);
    expect(store.lookups).toBe(lookupsBefore + 1);
  });

  it('when a client authenticated within the cache bound, then its requests are answered without a lookup, its key still checked', async () => {
    const store = new CountingClientStore();
    const { key } = store.register();
    const { call } = await gatewayWith(store);
    const forged = `${key.slice(0, 13)}${randomBytes(32).toString('base64url')}`;

    const statuses = [];
    for (let index = 0; index < 20; index += 1) statuses.push((await call(key, '192.0.2.1')).statusCode);
    const refused = await call(forged, '192.0.2.1');

    expect(new Set(statuses)).toEqual(new Set([200]));
    expect(store.lookups).toBe(1);
    expect(refused.statusCode).toBe(401);
  });

  it('when a client is revoked after authenticating, then its requests are refused once the cache bound has passed', async () => {
    let clock = 1_000_000;
    const store = new CountingClientStore();
    const { key, record } = store.register();
    const { call } = await gatewayWith(store, () => clock);
    expect((await call(key, '192.0.2.1')).statusCode).toBe(200);

    record.revokedAt = new Date();
    clock += CLIENT_CACHE_TTL_MS;

    expect((await call(key, '192.0.2.1')).json()).toMatchObject({ status: 401, code: 'INVALID_API_KEY' });
  });

  it('when a client is used many times within a minute, then its use is recorded once', async () => {
    let clock = 1_000_000;
    const store = new CountingClientStore();
    const { key } = store.register();
    const { call } = await gatewayWith(store, () => clock);

    for (let index = 0; index < 60; index += 1) {
      await call(key, '192.0.2.1');
      clock += 1_000;
    }
    expect(store.touches).toBe(1);

    await call(key, '192.0.2.1');
    expect(store.touches).toBe(2);
  });

  it('when an unknown key has been refused once, then it comes again from 300 addresses and the store is not asked again', async () => {
    const store = new CountingClientStore();
    const { call } = await gatewayWith(store);
    const key = unknownKey();
    expect((await call(key, '10.0.0.1')).statusCode).toBe(401);

    const answers = await Promise.all(Array.from({ length: 300 }, (_, index) => call(key, `10.1.${index >> 8}.${index & 255}`)));

    expect(new Set(answers.map((answer) => answer.statusCode))).toEqual(new Set([401]));
    expect(store.lookups).toBe(1);
  });

  it('when a known prefix comes with a wrong secret, then the prefix is not remembered as unknown and the right key still works', async () => {
    const store = new CountingClientStore();
    const { key } = store.register();
    const { call } = await gatewayWith(store);
    const forged = `${key.slice(0, 13)}${randomBytes(32).toString('base64url')}`;

    expect((await call(forged, '10.0.0.1')).statusCode).toBe(401);
    expect((await call(key, '10.0.0.2')).statusCode).toBe(200);
  });
});
