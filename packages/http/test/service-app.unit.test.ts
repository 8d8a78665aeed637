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
});
