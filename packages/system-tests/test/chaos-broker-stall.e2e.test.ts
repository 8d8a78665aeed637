import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir, startKafkaBroker, type RunningKafkaBroker } from '@atalaia/local-stack';
import { startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { CHAOS_TEST_TIMEOUT_MS, countRows, postOccurrenceLoad, startInProcessSystem, type InProcessSystem } from '../src';

/** Everything accepted before the broker resumed is processed within this long after it does. */
const RECOVERY_BOUND_MS = 30_000;

/**
 * Chaos 6: the Kafka process is frozen (SIGSTOP), not stopped: its sockets stay
 * open and silent, so clients see timeouts instead of refused connections,
 * until it resumes (SIGCONT) with every request it had half-read.
 */
describe('chaos: Kafka broker frozen under load, then resumed', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let dataDir: string;
  let kafka: RunningKafkaBroker;
  let system: InProcessSystem;

  beforeAll(async () => {
    dataDir = await createTempDir('atalaia-chaos-stall-');
    kafka = await startKafkaBroker({ dataDir: join(dataDir, 'kafka') });
    system = await startInProcessSystem('chaosstall', {}, { kafkaBrokers: kafka.brokers });
  });

  afterAll(async () => {
    process.kill(kafka.pid, 'SIGCONT');
    await system.stop();
    await kafka.stop();
    await rm(dataDir, { recursive: true, force: true });
    await telemetry.shutdown();
  });

  const count = (database: 'gateway' | 'occurrence' | 'audit', sql: string) => countRows(system.databases[database].url, sql);

  it.each([
    ['5 s', 5_000],
    ['40 s', 40_000],
  ])('when the broker is frozen for %s during load, then everything accepted is processed within 30 s of the resume, once', async (label, freezeMs) => {
    const before = await count('gateway', 'SELECT count(*)::int AS n FROM commands');
    const stopLoad = new AbortController();
    // About 40 requests a second from four clients, until the broker resumes.
    const load = postOccurrenceLoad(system.gatewayUrl, system.apiKey, 100_000, 4, `STALL${freezeMs}`, 100, stopLoad.signal);
    await waitFor(async () => (await count('gateway', 'SELECT count(*)::int AS n FROM commands')) >= before + 100, {
      description: '100 commands before the freeze',
    });

    process.kill(kafka.pid, 'SIGSTOP');
    const frozenAt = Date.now();
    await waitFor(async () => Date.now() - frozenAt >= freezeMs, { timeoutMs: freezeMs + 10_000, intervalMs: 250, description: 'the freeze' });
    process.kill(kafka.pid, 'SIGCONT');
    const resumedAt = Date.now();
    stopLoad.abort();
    const answers = await load;

    const accepted = answers.filter((answer) => answer.status === 202).length;
    expect(answers.filter((answer) => answer.status !== 202)).toEqual([]);
    const total = before + accepted;
    const within = { timeoutMs: Math.max(1_000, resumedAt + RECOVERY_BOUND_MS - Date.now()), intervalMs: 250 };
    await waitFor(async () => (await count('gateway', "SELECT count(*)::int AS n FROM commands WHERE status = 'processed'")) === total || undefined, {
      ...within,
      description: `all ${total} commands processed`,
    });
    await waitFor(async () => (await count('audit', 'SELECT count(*)::int AS n FROM audit_entries')) >= total || undefined, {
      timeoutMs: Math.max(1_000, resumedAt + RECOVERY_BOUND_MS - Date.now()),
      intervalMs: 250,
      description: `${total} audit entries`,
    });
    const recoveredInMs = Date.now() - resumedAt;
    const occurrences = await count('occurrence', 'SELECT count(*)::int AS n FROM occurrences');
    const audited = await count('audit', 'SELECT count(*)::int AS n FROM audit_entries');
    process.stdout.write(`chaos stall ${label}: ${accepted} accepted during the run, ${total} in all, recovered ${recoveredInMs} ms after resume; occurrences ${occurrences}, audit entries ${audited}\n`);
    expect({ occurrences, audited }).toEqual({ occurrences: total, audited: total });
  }, CHAOS_TEST_TIMEOUT_MS);
});
