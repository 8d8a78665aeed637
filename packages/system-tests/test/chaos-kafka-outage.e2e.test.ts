import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir, startKafkaBroker, type RunningKafkaBroker } from '@atalaia/local-stack';
import { startTelemetry } from '@atalaia/telemetry';
import { waitFor } from '@atalaia/testing';
import { CHAOS_TEST_TIMEOUT_MS, countRows, postOccurrenceLoad, startInProcessSystem, type InProcessSystem } from '../src';

/** Chaos 3: the Kafka broker is down for 20 s while agencies keep posting. */
describe('chaos: Kafka broker down for 20 s during load', () => {
  const telemetry = startTelemetry({ serviceName: 'system-test' });
  let dataDir: string;
  let kafka: RunningKafkaBroker;
  let system: InProcessSystem;

  beforeAll(async () => {
    dataDir = await createTempDir('atalaia-chaos-kafka-');
    kafka = await startKafkaBroker({ dataDir: join(dataDir, 'kafka') });
    system = await startInProcessSystem('chaoskafka', {}, { kafkaBrokers: kafka.brokers });
  });

  afterAll(async () => {
    await system.stop();
    await kafka.stop();
    await rm(dataDir, { recursive: true, force: true });
    await telemetry.shutdown();
  });

  it('when the broker is away, then the gateway keeps answering 202, rows wait in the outbox, and the backlog drains with nothing lost', async () => {
    // About 40 requests a second for about 30 s: before, during and after the outage.
    const load = postOccurrenceLoad(system.gatewayUrl, system.apiKey, 1200, 4, 'KAFKA', 100);
    await waitFor(async () => (await countRows(system.databases.gateway.url, 'SELECT count(*)::int AS n FROM commands')) >= 100, {
      description: '100 commands before the outage',
    });

    const { port, controllerPort } = kafka;
    await kafka.stop();
    const downAt = Date.now();
    await waitFor(async () => Date.now() - downAt >= 20_000, { timeoutMs: 30_000, intervalMs: 500, description: 'twenty seconds of outage' });
    const backlogDuringOutage = await countRows(system.databases.gateway.url, 'SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL');
    kafka = await startKafkaBroker({ dataDir: join(dataDir, 'kafka'), port, controllerPort });
    const answers = await load;

    const byStatus = answers.reduce<Record<string, number>>((counts, answer) => ({ ...counts, [answer.status]: (counts[answer.status] ?? 0) + 1 }), {});
    process.stdout.write(`chaos kafka: ${answers.length} requests, by status ${JSON.stringify(byStatus)}, outbox backlog during outage ${backlogDuringOutage}\n`);
    expect(byStatus).toEqual({ 202: 1200 });
    expect(backlogDuringOutage).toBeGreaterThan(0);

    const processed = await waitFor(async () => {
      const n = await countRows(system.databases.gateway.url, "SELECT count(*)::int AS n FROM commands WHERE status = 'processed'");
      return n === 1200 && n;
    }, { timeoutMs: 180_000, intervalMs: 500, description: 'all 1200 commands processed' });
    const occurrences = await countRows(system.databases.occurrence.url, 'SELECT count(*)::int AS n FROM occurrences');
    const audited = await waitFor(async () => {
      const n = await countRows(system.databases.audit.url, 'SELECT count(*)::int AS n FROM audit_entries');
      return n === 1200 && n;
    }, { timeoutMs: 60_000, intervalMs: 500, description: '1200 audit entries' });
    process.stdout.write(`chaos kafka: processed ${processed}, occurrences ${occurrences}, audit entries ${audited}\n`);
    expect(occurrences).toBe(1200);
    expect(await countRows(system.databases.gateway.url, 'SELECT count(*)::int AS n FROM outbox_messages WHERE published_at IS NULL')).toBe(0);
  }, CHAOS_TEST_TIMEOUT_MS);
});
