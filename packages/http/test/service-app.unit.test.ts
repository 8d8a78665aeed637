import { randomBytes } from 'node:crypto';
import { createLogger } from '@atalaia/telemetry';
import { createServiceApp } from '../src';

describe('every service app', () => {
  it('when /metrics is scraped, then it answers Prometheus text with the process and consumer metrics', async () => {
    const app = await createServiceApp({ name: 'test', logger: createLogger('test', 'silent'), healthChecks: {} });

    const response = await app.inject({ url: '/metrics' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toContain('atalaia_process_process_cpu_seconds_total');
  });

  it('when an unknown route is asked, then it is a 404 problem', async () => {
    const app = await createServiceApp({ name: 'test', logger: createLogger('test', 'silent'), healthChecks: {} });

    const response = await app.inject({ url: '/nowhere' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });

  it.each([
    ['a transaction that could not start in time (P2028)', Object.assign(new Error('Transaction API error: Unable to start a transaction in the given time.'), { code: 'P2028' })],
    ['an exhausted connection pool', new Error('timeout exceeded when trying to connect')],
  ])('when a handler fails with %s, then it is a 503 SERVICE_UNAVAILABLE problem with retry-after', async (_name, failure) => {
    const app = await createServiceApp({ name: 'test', logger: createLogger('test', 'silent'), healthChecks: {} });
    app.get('/busy', async () => {
      throw failure;
    });

    const response = await app.inject({ url: '/busy' });

    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it("when a request carries a key in headers and query and its handler fails naming it, then Fastify's request and error logs show none of it", async () => {
    const key = `atk_0badc0de_${randomBytes(32).toString('base64url')}`;
    const lines: string[] = [];
    const logger = createLogger('test', 'info', { write: (line: string) => lines.push(line) });
    const app = await createServiceApp({ name: 'test', logger, healthChecks: {} });
    app.get('/boom', async () => {
      throw new Error(`no client for ${key}`);
    });

    const response = await app.inject({ url: `/boom?api_key=${key}`, headers: { 'x-api-key': key, authorization: `Bearer ${key}` } });

    expect(response.statusCode).toBe(500);
    const output = lines.join('');
    expect(output).toContain('unhandled error');
    expect(output).toContain('atk_0badc0de_[REDACTED]');
    expect(output).not.toContain(key.slice(-43));
  });

  it('when a request is answered, then one access line records its method, path, status and duration, and none records its arrival', async () => {
    const lines: string[] = [];
    const logger = createLogger('test', 'info', { write: (line: string) => lines.push(line) });
    const app = await createServiceApp({ name: 'test', logger, healthChecks: {} });
    app.post('/things', async (_request, reply) => reply.status(202).send({ ok: true }));

    await app.inject({ method: 'POST', url: '/things?page=2', payload: { a: 1 } });

    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.reqId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ msg: 'request completed', method: 'POST', url: '/things?page=2', statusCode: 202, responseTime: expect.any(Number) });
  });
});
