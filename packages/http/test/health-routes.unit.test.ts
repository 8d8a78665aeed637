import Fastify from 'fastify';
import { registerHealthRoutes } from '../src';

async function appWith(checks: Record<string, () => Promise<boolean>>) {
  const app = Fastify();
  await registerHealthRoutes(app, checks);
  return app;
}

describe('health routes', () => {
  it('when every dependency answers, then readiness is 200 and names each check up', async () => {
    const app = await appWith({ database: async () => true, kafka: async () => true });
    const response = await app.inject({ url: '/health/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { database: 'up', kafka: 'up' } });
  });

  it('when a dependency is down or its check throws, then readiness is a 503 problem naming it', async () => {
    const app = await appWith({ database: async () => true, kafka: async () => Promise.reject(new Error('no broker')) });
    const response = await app.inject({ url: '/health/ready' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ code: 'NOT_READY', checks: { database: 'up', kafka: 'down' } });
  });

  it('when liveness is asked, then it answers 200 without checking dependencies', async () => {
    const app = await appWith({ database: async () => false });
    expect((await app.inject({ url: '/health/live' })).statusCode).toBe(200);
  });
});
