import { createConsoleApi } from '../src/api/console-api';
import { ApiError, NetworkError, createHttpClient } from '../src/api/http-client';
import { emptyFilter } from '../src/domain/types';

function fakeFetch(status: number, body?: unknown) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

describe('http client', () => {
  it('when signing in, then the key goes only in the POST body, same-origin, and nowhere in the URL', async () => {
    const { fetch, calls } = fakeFetch(200, { client: {} });
    await createConsoleApi(createHttpClient({ fetch })).signIn({ apiKey: 'atk_secret' });
    expect(calls[0]?.url).toBe('/api/session');
    expect(calls[0]?.init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{"apiKey":"atk_secret"}' });
    expect(JSON.stringify(calls[0]?.init.headers)).not.toContain('atk_secret');
  });

  it('when a person signs in, then login, password and code go only in the POST body', async () => {
    const { fetch, calls } = fakeFetch(200, { client: {} });
    await createConsoleApi(createHttpClient({ fetch })).signIn({ login: 'maria.souza', password: 'viatura azul na serra', code: '123456' });
    expect(calls[0]?.url).toBe('/api/session');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ login: 'maria.souza', password: 'viatura azul na serra', code: '123456' });
    expect(JSON.stringify(calls[0]?.init.headers)).not.toContain('viatura');
  });

  it('when a password is refused (INVALID_CREDENTIALS) or a code is asked for, then it is an error of the form, not a lost session', async () => {
    for (const code of ['INVALID_CREDENTIALS', 'SECOND_FACTOR_REQUIRED']) {
      const { fetch } = fakeFetch(401, { code, status: 401 });
      const onSessionLost = jest.fn();
      await expect(createConsoleApi(createHttpClient({ fetch, onSessionLost })).signIn({ login: 'a', password: 'b' })).rejects.toMatchObject({ code });
      expect(onSessionLost).not.toHaveBeenCalled();
    }
  });

  it('when a call is reported, then it is the integrations intake with the intent\'s key', async () => {
    const { fetch, calls } = fakeFetch(202, { commandId: 'c-1', status: 'pending' });
    const body = { externalId: 'CALL-20261207-1432-4f3a9c2e', type: 'incendio_urbano', description: 'Fumaça', reportedAt: '2026-12-07T17:32:00.000Z' };
    await createConsoleApi(createHttpClient({ fetch })).report('key-9', body);
    expect(calls[0]?.url).toBe('/api/integrations/occurrences');
    expect(calls[0]?.init).toMatchObject({ method: 'POST', headers: expect.objectContaining({ 'Idempotency-Key': 'key-9' }) });
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual(body);
  });

  it('when a command is sent, then it carries the intent\'s Idempotency-Key', async () => {
    const { fetch, calls } = fakeFetch(202, { commandId: 'c-1', status: 'pending' });
    await createConsoleApi(createHttpClient({ fetch })).cancel('o-1', 'key-1', 'Trote');
    expect(calls[0]?.url).toBe('/api/occurrences/o-1/cancel');
    expect(calls[0]?.init.headers).toMatchObject({ 'Idempotency-Key': 'key-1', 'Content-Type': 'application/json' });
    expect(calls[0]?.init.body).toBe('{"reason":"Trote"}');
  });

  it('when a start has no note, then no body is sent', async () => {
    const { fetch, calls } = fakeFetch(202, {});
    await createConsoleApi(createHttpClient({ fetch })).start('o-1', 'key-1');
    expect(calls[0]?.init.body).toBeUndefined();
    expect(calls[0]?.init.headers).not.toHaveProperty('Content-Type');
  });

  it('when filters are empty, then they are left out of the query', async () => {
    const { fetch, calls } = fakeFetch(200, { data: [], nextCursor: null });
    await createConsoleApi(createHttpClient({ fetch })).occurrences({ ...emptyFilter, status: 'reported' }, 'cur');
    expect(calls[0]?.url).toBe('/api/occurrences?status=reported&limit=100&cursor=cur');
  });

  it.each(['SESSION_EXPIRED', 'AUTHENTICATION_REQUIRED'])('when any request answers 401 %s, then the session is reported lost', async (code) => {
    const { fetch } = fakeFetch(401, { code, status: 401 });
    const onSessionLost = jest.fn();
    await expect(createHttpClient({ fetch, onSessionLost }).request('GET', '/api/dispatches')).rejects.toBeInstanceOf(ApiError);
    expect(onSessionLost).toHaveBeenCalledWith(code);
  });

  it('when the key is wrong at sign-in (INVALID_API_KEY), then it is an error of the form, not a lost session', async () => {
    const { fetch } = fakeFetch(401, { code: 'INVALID_API_KEY', status: 401 });
    const onSessionLost = jest.fn();
    await expect(createConsoleApi(createHttpClient({ fetch, onSessionLost })).signIn({ apiKey: 'x' })).rejects.toMatchObject({ code: 'INVALID_API_KEY' });
    expect(onSessionLost).not.toHaveBeenCalled();
  });

  it('when the network fails, then the error is a NetworkError with code NETWORK_ERROR', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    await expect(createHttpClient({ fetch }).request('GET', '/api/commands')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    await expect(createHttpClient({ fetch }).request('GET', '/api/commands')).rejects.toBeInstanceOf(NetworkError);
  });

  it('when an error answer is not problem+json, then it still gets a code', async () => {
    const fetch = (async () => new Response('<html>bad gateway</html>', { status: 502 })) as typeof globalThis.fetch;
    await expect(createHttpClient({ fetch }).request('GET', '/api/commands')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });
});
