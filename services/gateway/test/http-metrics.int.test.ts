import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { sampleLabelSets, sampleValue, createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { buildConsoleTestApp, type ConsoleTestApp } from './console-test-app';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const DEV_KEY = 'dev-key-for-http-metrics';
const REQUESTS = 'atalaia_http_server_request_duration_seconds_count';
const intake = (externalId: string) => ({ externalId, type: 'incendio_urbano', description: 'Fogo', reportedAt: '2026-02-01T14:32:00-03:00' });

describe('gateway HTTP metrics', () => {
  let database: TestDatabase;
  let prisma: GatewayPrisma;
  let gateway: ConsoleTestApp;

  beforeAll(async () => {
    database = await createTestDatabase('http_metrics', migrations);
    prisma = createGatewayPrisma(database.url);
    gateway = await buildConsoleTestApp(prisma, { devKey: DEV_KEY });
  });

  afterAll(async () => {
    await gateway.close();
    await prisma.$disconnect();
    await database.drop();
  });

  const scrape = async () => (await gateway.app.inject({ url: '/metrics' })).body;

  it('when commands are accepted, reads name an id and a path matches no route, then each is counted under its route pattern, never its raw path', async () => {
    const accepted = { method: 'POST', route: '/api/integrations/occurrences', status_code: '202' };
    const byId = { method: 'GET', route: '/api/occurrences/:id' };
    const unmatched = { method: 'GET', route: 'unmatched', status_code: '404' };
    const before = await scrape();
    const occurrenceId = randomUUID();
    const unknownPath = `/api/nowhere/${randomUUID()}`;

    for (const externalId of ['HTTP-METRICS-1', 'HTTP-METRICS-2']) {
      const response = await gateway.app.inject({
        method: 'POST',
        url: '/api/integrations/occurrences',
        headers: { 'x-api-key': DEV_KEY, 'idempotency-key': externalId },
        payload: intake(externalId),
      });
      expect(response.statusCode).toBe(202);
    }
    await gateway.app.inject({ url: `/api/occurrences/${occurrenceId}`, headers: { 'x-api-key': DEV_KEY } });
    expect((await gateway.app.inject({ url: unknownPath, headers: { 'x-api-key': DEV_KEY } })).statusCode).toBe(404);

    const after = await scrape();
    expect(sampleValue(after, REQUESTS, accepted) - sampleValue(before, REQUESTS, accepted)).toBe(2);
    expect(sampleValue(after, REQUESTS, byId) - sampleValue(before, REQUESTS, byId)).toBe(1);
    expect(sampleValue(after, REQUESTS, unmatched) - sampleValue(before, REQUESTS, unmatched)).toBe(1);
    const labelValues = sampleLabelSets(after, REQUESTS).flatMap((labels) => Object.values(labels));
    expect(labelValues.filter((value) => value.includes(occurrenceId) || value.includes(unknownPath))).toEqual([]);
  });
});
