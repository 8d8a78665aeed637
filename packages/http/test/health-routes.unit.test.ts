import Fastify from 'fastify';
import { registerHealthRoutes, type HealthChecks, type HealthRouteOptions } from '../src';

async function appWith(checks: HealthChecks, options?: HealthRouteOptions) {
  const app = Fastify();
  await registerHealthRoutes(app, checks, options);
  return app;
}

/** A check that counts its runs and answers only once released, so probes can pile up behind it. */
function gatedCheck(up: boolean) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const check = Object.assign(
    () => {
      check.runs += 1;
      return released.then(() => up);
    },
    { runs: 0 },
  );
  return { check, release };
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

  it('when 500 readiness probes arrive at once, then each dependency is checked once and every probe gets its answer', async () => {
    const database = gatedCheck(true);
    const kafka = gatedCheck(false);
    const app = await appWith({ database: database.check, kafka: kafka.check });

    const probes = Array.from({ length: 500 }, () => app.inject({ url: '/health/ready' }));
    await new Promise((resolve) => setImmediate(resolve));
    database.release();
    kafka.release();
    const responses = await Promise.all(probes);

    expect({ database: database.check.runs, kafka: kafka.check.runs }).toEqual({ database: 1, kafka: 1 });
    expect(new Set(responses.map((response) => response.statusCode))).toEqual(new Set([503]));
    expect(responses[499]!.json()).toMatchObject({ checks: { database: 'up', kafka: 'down' } });
  });

  it('when probes keep coming within the cache period, then no check runs again until it has passed', async () => {
    let clock = 0;
    let runs = 0;
    const app = await appWith({ kafka: async () => ++runs > 0 }, { readinessCacheMs: 2_000, now: () => clock });

    for (const at of [0, 500, 1_999]) {
      clock = at;
      expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
    }
    expect(runs).toBe(1);

    clock = 2_000;
    await app.inject({ url: '/health/ready' });
    expect(runs).toBe(2);
  });

  it('when a dependency comes back, then readiness reports it up once the cached down answer expires', async () => {
    let clock = 0;
    let up = false;
    const app = await appWith({ kafka: async () => up }, { readinessCacheMs: 2_000, now: () => clock });

    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(503);
    up = true;
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(503);
    clock = 2_000;
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
  });
});
