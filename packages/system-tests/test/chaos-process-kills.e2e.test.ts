import { waitFor } from '@atalaia/testing';
import { getFreePorts } from '@atalaia/local-stack';
import { CHAOS_TEST_TIMEOUT_MS, countRows, postOccurrenceLoad, startExtraRelay, startProcessSystem, type ProcessSystem } from '../src';

/** SIGKILLs `services` in turn, `times` each, waiting for the supervisor to bring each back. */
async function killRepeatedly(system: ProcessSystem, services: string[], times: number, everyMs: number): Promise<void> {
  for (let round = 0; round < times; round += 1) {
    for (const service of services) {
      const startedBefore = system.startsOf(service);
      const since = Date.now();
      await waitFor(async () => Date.now() - since >= everyMs, { timeoutMs: everyMs + 5_000, intervalMs: 100, description: 'the next kill' });
      process.kill(system.pidOf(service), 'SIGKILL');
      await waitFor(async () => system.startsOf(service) > startedBefore, { timeoutMs: 20_000, description: `${service} restarted` });
    }
  }
}

/**
 * Every accepted command is processed exactly once: processed commands,
 * occurrences, occurrence audit entries and published command results all
 * equal the number of 202 answers. (The trail also holds the launcher's
 * development administrator, `user.invited`: not a command of the load.)
 */
async function reconcile(system: ProcessSystem, accepted: number, label: string): Promise<void> {
  const { gateway, occurrence, dispatch, audit } = system.databases;
  const figures = await waitFor(async () => {
    const processed = await countRows(gateway.url, "SELECT count(*)::int AS n FROM commands WHERE status = 'processed'");
    const audited = await countRows(audit.url, "SELECT count(*)::int AS n FROM audit_entries WHERE aggregate_type = 'occurrence'");
    const viewed = await countRows(dispatch.url, 'SELECT count(*)::int AS n FROM occurrence_views');
    return processed === accepted && audited === accepted && viewed === accepted && { processed, audited, viewed };
  }, { timeoutMs: 180_000, intervalMs: 500, description: `${accepted} commands processed, audited and seen by dispatch` });
  const occurrences = await countRows(occurrence.url, 'SELECT count(*)::int AS n FROM occurrences');
  const results = await countRows(occurrence.url, "SELECT count(*)::int AS n FROM outbox_messages WHERE payload->>'type' = 'command.processed'");
  const commands = await countRows(gateway.url, 'SELECT count(*)::int AS n FROM commands');
  process.stdout.write(
    `${label}: accepted ${accepted}, commands ${commands}, processed ${figures.processed}, occurrences ${occurrences}, ` +
      `command results ${results}, audit entries ${figures.audited}, dispatch views ${figures.viewed}\n`,
  );
  expect({ commands, occurrences, results }).toEqual({ commands: accepted, occurrences: accepted, results: accepted });
}

describe.each([
  ['the relay (beside a second relay process)', ['relay']],
  ['the occurrence and dispatch services', ['occurrence', 'dispatch']],
])('chaos: SIGKILL %s repeatedly during load', (name, victims) => {
  let system: ProcessSystem;
  let stopExtraRelay: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    system = await startProcessSystem(`chaos_${victims[0]}`, { RATE_LIMIT_PER_MINUTE: '1000000' });
    // Two relay processes contend for each outbox: kills of the supervised one hand leadership over.
    if (victims.includes('relay')) stopExtraRelay = startExtraRelay(system, (await getFreePorts(1))[0]!);
  });

  afterAll(async () => {
    await stopExtraRelay?.();
    await system.stop();
  });

  it(`when ${name} ${victims.length > 1 ? 'are' : 'is'} killed three times while 2,000 commands arrive, then every accepted command is processed exactly once`, async () => {
    const load = postOccurrenceLoad(system.gatewayUrl, system.apiKey, 2000, 8, `KILL-${victims[0]}`, 25);
    await killRepeatedly(system, victims, 3, 1_500);
    const answers = await load;

    const accepted = answers.filter((answer) => answer.status === 202).length;
    expect(accepted).toBe(2000);
    await reconcile(system, accepted, `chaos kill ${victims.join('+')}`);
  }, CHAOS_TEST_TIMEOUT_MS);
});
