import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir, startEmbeddedPostgres, type RunningPostgres } from '@atalaia/local-stack';
import { startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { CHAOS_TEST_TIMEOUT_MS, countRows, postOccurrenceLoad, startInProcessSystem, type InProcessSystem, type LoadAnswer } from '../src';

/** Chaos 4: PostgreSQL restarts while agencies keep posting. */
describe('chaos: PostgreSQL restarts during load', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let dataDir: string;
  let postgres: RunningPostgres;
  let system: InProcessSystem;

  beforeAll(async () => {
    dataDir = await createTempDir('atalaia-chaos-pg-');
    postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), durability: 'fast' });
    system = await startInProcessSystem('chaospg', {}, { postgresAdminUrl: postgres.url('postgres') });
  });

  afterAll(async () => {
    await system.stop();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
    await telemetry.shutdown();
  });

  it('when the database is down, then the gateway answers 503 problems (never 500, never a hang), recovers by itself, and loses no accepted command', async () => {
    // About 100 requests a second for about 12 s: before, during and after the outage.
    const load = postOccurrenceLoad(system.gatewayUrl, system.apiKey, 1200, 8, 'PG', 80);
    await waitFor(async () => (await countRows(system.databases.gateway.url, 'SELECT count(*)::int AS n FROM commands')) >= 100, {
      description: '100 commands before the outage',
    });

    const port = postgres.port;
    await postgres.stop();
    const downAt = Date.now();
    await waitFor(async () => Date.now() - downAt > 4_000, { timeoutMs: 10_000, description: 'four seconds of outage' });
    postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port, durability: 'fast' });
    const answers: LoadAnswer[] = await load;

    const byStatus = answers.reduce<Record<string, number>>((counts, answer) => ({ ...counts, [answer.status]: (counts[answer.status] ?? 0) + 1 }), {});
    const accepted = answers.filter((answer) => answer.status === 202);
    process.stdout.write(`chaos postgres: ${answers.length} requests, by status ${JSON.stringify(byStatus)}\n`);
    expect(Object.keys(byStatus).sort()).toEqual(expect.arrayContaining(['202']));
    expect(answers.filter((answer) => answer.status !== 202 && answer.status !== 503)).toEqual([]);
    expect(answers.filter((answer) => answer.status === 503).every((answer) => answer.contentType?.startsWith('application/problem+json'))).toBe(true);
    const lastTen = answers.slice(-10);
    expect(lastTen.every((answer) => answer.status === 202)).toBe(true);

    const processed = await waitFor(async () => {
      const n = await countRows(system.databases.gateway.url, "SELECT count(*)::int AS n FROM commands WHERE status = 'processed'");
      return n === accepted.length && n;
    }, { timeoutMs: 90_000, description: 'every accepted command processed' });
    const occurrences = await countRows(system.databases.occurrence.url, 'SELECT count(*)::int AS n FROM occurrences');
    const audited = await waitFor(async () => {
      const n = await countRows(system.databases.audit.url, 'SELECT count(*)::int AS n FROM audit_entries');
      return n === accepted.length && n;
    }, { timeoutMs: 60_000, description: 'one audit entry per accepted command' });
    process.stdout.write(`chaos postgres: accepted ${accepted.length}, processed ${processed}, occurrences ${occurrences}, audit entries ${audited}\n`);
    expect(occurrences).toBe(accepted.length);
  }, CHAOS_TEST_TIMEOUT_MS);
});
