import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createServiceApp } from '@atalaia/http';
import { createLogger } from '@atalaia/telemetry';
import { registerApiDocs } from '../src/http/api-docs';
import { CONSOLE_CONTENT_SECURITY_POLICY, defaultConsoleDist, registerConsole } from '../src/http/console-static';

const logger = createLogger('console-static-test', 'silent');

async function appServing(distDir: string | null): Promise<FastifyInstance> {
  const app = await createServiceApp({ name: 'gateway', logger, healthChecks: {} });
  // Swagger UI serves its own static files: the two must live side by side, as in the gateway.
  await registerApiDocs(app);
  await registerConsole(app, distDir);
  return app;
}

describe('serving the console', () => {
  let dist: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dist = await mkdtemp(path.join(tmpdir(), 'console-dist-'));
    await mkdir(path.join(dist, 'assets'));
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Atalaia</title>');
    await writeFile(path.join(dist, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
    app = await appServing(dist);
  });

  afterAll(async () => {
    await app.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('when /console/ is asked for, then index.html is served uncached with the content security policy', async () => {
    const response = await app.inject({ url: '/console/' });

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<title>Atalaia</title>');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.headers['content-security-policy']).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
  });

  it('when the API docs are asked for next to the console, then they are still served', async () => {
    expect((await app.inject({ url: '/docs/' })).statusCode).toBe(200);
  });

  it('when /console is asked for, then it redirects to /console/', async () => {
    const response = await app.inject({ url: '/console' });

    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/console/');
  });

  it('when a hashed asset is asked for, then it is served with a long immutable cache', async () => {
    const response = await app.inject({ url: '/console/assets/app-1a2b3c.js' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it("when a path of the app's own is asked for, then index.html is served so the app can route it", async () => {
    const response = await app.inject({ url: '/console/occurrences/123?tab=audit' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toContain('<title>Atalaia</title>');
  });

  it('when a missing asset is asked for, then it is a 404 problem, not index.html', async () => {
    const response = await app.inject({ url: '/console/assets/gone-000000.js' });

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });

  it('when the path tries to leave the dist folder, then nothing outside it is served', async () => {
    const response = await app.inject({ url: '/console/..%2f..%2fpackage.json' });

    expect(response.body).not.toContain('"name"');
  });

  it('when the console is not built, then /console/ answers 503 CONSOLE_NOT_BUILT and the app still starts', async () => {
    const unbuilt = await appServing(path.join(dist, 'missing'));

    const response = await unbuilt.inject({ url: '/console/' });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ code: 'CONSOLE_NOT_BUILT' });
    await unbuilt.close();
  });

  it('when the dist folder is looked up from the sources or from the bundle, then both find packages/console/dist', () => {
    const fromSources = defaultConsoleDist(path.resolve(__dirname, '../src/http'));
    const fromBundle = defaultConsoleDist(path.resolve(__dirname, '../dist'));

    expect(fromSources).toBe(path.resolve(__dirname, '../../../packages/console/dist'));
    expect(fromBundle).toBe(fromSources);
  });
});
