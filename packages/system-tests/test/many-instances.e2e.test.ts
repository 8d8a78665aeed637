import { randomUUID } from 'node:crypto';
import type { Admin } from 'kafkajs';
import { consumerGroupId, topicNames } from '@atalaia/contracts';
import { atalaiaConsumerGroups, createKafkaClient } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import { testKafkaBrokers, waitFor } from '@atalaia/testing';
import {
  CHAOS_TEST_TIMEOUT_MS,
  ConsumerGroupWatch,
  countRows,
  firstPublishAfter,
  lagZeroSince,
  longestProcessingGap,
  longestWait,
  queryRows,
  rebalancingMs,
  startLifecycleLoad,
  startProcessSystem,
  type Lifecycle,
  type LifecycleLoad,
  type ProcessSystem,
} from '../src';

/**
 * `npm start` with two instances of every service, on one machine: two
 * gateways, two relays (leader and standby) and two members of each consumer
 * group. Under a load of occurrence lifecycles split across both gateways,
 * the relay leader and one member of each consumer service are SIGKILLed (the
 * supervisor restarts them) and one request is sent through both gateways at
 * once under one Idempotency-Key. Nothing is lost, doubled or reordered; the
 * failover, the rebalance pauses and the lag recovery are printed.
 */
const partitions = 12;
const consumerVictims = ['occurrence-2', 'dispatch-2', 'audit-2'];
/** The groups with traffic under this load whose member was killed, and the database with each one's inbox. */
const pausedGroups = [
  { name: 'occurrence.commands', database: 'occurrence' },
  { name: 'dispatch.occurrence-events', database: 'dispatch' },
  { name: 'dispatch.response-times', database: 'dispatch' },
  { name: 'audit.entries', database: 'audit' },
] as const;
const seconds = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);

interface RelayStatus {
  name: string;
  leading: string[];
}

async function relayStatuses(system: ProcessSystem): Promise<RelayStatus[]> {
  return Promise.all(
    ['relay', 'relay-2'].map(async (name) => {
      const answer = await fetch(`${system.urlOf(name)}/outbox/status`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      const body = answer?.ok ? ((await answer.json()) as { leading: string[] }) : { leading: [] };
      return { name, leading: body.leading };
    }),
  );
}

/** The relay that holds `source`'s leadership lock, once exactly one does. */
function leaderOf(system: ProcessSystem, source: string): Promise<RelayStatus> {
  return waitFor(async () => {
    const leaders = (await relayStatuses(system)).filter((status) => status.leading.includes(source));
    return leaders.length === 1 && leaders[0];
  }, { timeoutMs: 30_000, intervalMs: 100, description: `one relay leading ${source}` });
}

/** One report sent through every gateway at the same moment under one Idempotency-Key: each gateway's answer. */
async function sendThroughEveryGateway(system: ProcessSystem, externalId: string) {
  const idempotencyKey = randomUUID();
  const body = JSON.stringify({ externalId, type: 'incendio_urbano', description: 'Relato em dobro', reportedAt: '2026-02-01T14:32:00-03:00' });
  const answers = await Promise.all(
    system.gatewayUrls.map(async (gatewayUrl) => {
      const response = await fetch(`${gatewayUrl}/api/integrations/occurrences`, {
        method: 'POST',
        headers: { 'X-API-Key': system.apiKey, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
        body,
      });
      return { status: response.status, replayed: response.headers.get('idempotent-replayed') === 'true', commandId: ((await response.json()) as { commandId?: string }).commandId };
    }),
  );
  return { idempotencyKey, answers };
}

describe('many instances of every service on one machine (ATALAIA_INSTANCES)', () => {
  let system: ProcessSystem;
  let admin: Admin;

  beforeAll(async () => {
    system = await startProcessSystem(
      'many',
      { RATE_LIMIT_PER_MINUTE: '1000000', KAFKA_TOPIC_PARTITIONS: String(partitions) },
      { instances: { gateway: 2, relay: 2, occurrence: 2, dispatch: 2, audit: 2 } },
    );
    admin = createKafkaClient({ clientId: 'many-instances-test', brokers: testKafkaBrokers(), logger: createLogger('many-instances-test', 'silent') }).admin();
    await admin.connect();
  }, 200_000);

  afterAll(async () => {
    await admin?.disconnect();
    await system?.stop();
  });

  it('when the relay leader and a member of each consumer group are SIGKILLed under load through two gateways, then every command is applied once, in order, and a key sent through both gateways makes one command', async () => {
    const namespace = system.env.KAFKA_TOPIC_NAMESPACE!;
    const watch = new ConsumerGroupWatch(admin, atalaiaConsumerGroups(namespace, topicNames(namespace)));
    await waitForEveryGroupOfTwo(watch, namespace);
    expect(system.gatewayUrls).toHaveLength(2);

    const run = await killDuringLoad(system);
    await settle(system, run, watch);

    process.stdout.write(`${(await figuresOf(system, run, watch, namespace)).join('\n')}\n`);
    expect(run.load.refused).toEqual([]);
    expect(run.newLeader.name).not.toBe(run.leader.name);
    await expectEachCommandAppliedOnceInOrder(system, run.load.lifecycles, run.expectedCommands);
    for (const { idempotencyKey, answers } of run.doubled) {
      expect(answers.map(({ status }) => status)).toEqual([202, 202]);
      expect(answers[1]!.commandId).toBe(answers[0]!.commandId);
      expect(answers.filter(({ replayed }) => replayed)).toHaveLength(1);
      expect(await countRows(system.databases.gateway.url, `SELECT count(*)::int AS n FROM commands WHERE idempotency_key = '${idempotencyKey}'`)).toBe(1);
    }
  }, CHAOS_TEST_TIMEOUT_MS);
});

/** Both members of every group with traffic have joined, so a kill takes partitions from a working member. */
async function waitForEveryGroupOfTwo(watch: ConsumerGroupWatch, namespace: string): Promise<void> {
  const groups = [...pausedGroups.map(({ name }) => name), 'gateway.command-results'].map((name) => consumerGroupId(namespace, name));
  await waitFor(async () => groups.every((group) => {
    const sample = watch.latest().find((latest) => latest.group === group);
    return sample?.state === 'Stable' && sample.members === 2;
  }), { timeoutMs: 60_000, intervalMs: 250, description: 'two members in every consumer group' });
}

interface KillRun {
  load: LifecycleLoad;
  leader: RelayStatus;
  newLeader: RelayStatus;
  victims: string[];
  startsBefore: Map<string, number>;
  doubled: Awaited<ReturnType<typeof sendThroughEveryGateway>>[];
  loadStartedAt: number;
  killedAt: number;
  loadStoppedAt: number;
  expectedCommands: number;
}

/**
 * 150 lifecycles, then the SIGKILLs (the relay leading the gateway's outbox
 * and the second member of each consumer service) and, at once, five
 * requests each sent through both gateways; then 100 lifecycles more.
 */
async function killDuringLoad(system: ProcessSystem): Promise<KillRun> {
  const loadStartedAt = Date.now();
  const load = startLifecycleLoad({ gatewayUrls: system.gatewayUrls, apiKey: system.apiKey, agencyId: 'dev-agency', label: 'MANY', concurrency: 6, paceMs: 10 });
  await waitFor(async () => load.lifecycles.length >= 150, { timeoutMs: 90_000, intervalMs: 50, description: '150 lifecycles before the kills' });
  const leader = await leaderOf(system, 'gateway');
  const victims = [leader.name, ...consumerVictims];
  const startsBefore = new Map(victims.map((name) => [name, system.startsOf(name)]));
  const killedAt = Date.now();
  for (const name of victims) process.kill(system.pidOf(name), 'SIGKILL');
  const doubled = await Promise.all(Array.from({ length: 5 }, (_, index) => sendThroughEveryGateway(system, `MANY-TWICE-${index}`)));
  const newLeader = await leaderOf(system, 'gateway');
  const lifecyclesAtKill = load.lifecycles.length;
  await waitFor(async () => load.lifecycles.length >= lifecyclesAtKill + 100, { timeoutMs: 90_000, intervalMs: 50, description: '100 lifecycles after the kills' });
  await load.stop();
  const expectedCommands = load.lifecycles.length * 3 + doubled.length;
  return { load, leader, newLeader, victims, startsBefore, doubled, loadStartedAt, killedAt, loadStoppedAt: Date.now(), expectedCommands };
}

/** Every command settles, the supervisor has restarted every victim, and every group's lag is back to 0. */
async function settle(system: ProcessSystem, run: KillRun, watch: ConsumerGroupWatch): Promise<void> {
  await waitFor(async () => (await countRows(system.databases.gateway.url, "SELECT count(*)::int AS n FROM commands WHERE status <> 'pending'")) >= run.expectedCommands, {
    timeoutMs: 120_000,
    intervalMs: 500,
    description: `${run.expectedCommands} commands settled`,
  });
  await waitFor(async () => run.victims.every((name) => system.startsOf(name) > run.startsBefore.get(name)!), { timeoutMs: 30_000, description: 'every victim restarted' });
  await waitFor(async () => watch.latest().every((sample) => sample.lag === 0 && sample.at > run.loadStoppedAt), {
    timeoutMs: 60_000,
    intervalMs: 250,
    description: 'every group caught up',
  });
  await watch.stop();
}

/** The run in one readable block: load, kills, relay failover, rebalance pauses, lag recovery, outcome, restarts. */
async function figuresOf(system: ProcessSystem, run: KillRun, watch: ConsumerGroupWatch, namespace: string): Promise<string[]> {
  const { load, leader, killedAt } = run;
  const since = (at: number | undefined) => (at === undefined ? '—' : `${at < killedAt ? '−' : '+'}${seconds(Math.abs(at - killedAt))}`);
  const failover = await Promise.all(
    leader.leading.map(async (source) => {
      const at = await firstPublishAfter(system.databases[source as 'gateway' | 'occurrence' | 'dispatch'].url, killedAt);
      return `${source} ${at === undefined ? '— (nothing to publish)' : since(at)}`;
    }),
  );
  const groups = [...new Set(watch.samples.map((sample) => sample.group))];
  const recovered = new Map(groups.map((group) => [group, lagZeroSince(watch.samples, group, killedAt)!]));
  const behind = groups.filter((group) => watch.samples.some((sample) => sample.group === group && sample.at >= killedAt && sample.lag > 0));
  const outboxes = [system.databases.gateway.url, system.databases.occurrence.url, system.databases.dispatch.url];
  const pauses = await Promise.all(
    pausedGroups.map(async ({ name, database }) => {
      const group = consumerGroupId(namespace, name);
      const [from, to] = [killedAt - 2_000, recovered.get(group)!];
      const wait = await longestWait(outboxes, system.databases[database].url, name, from, to);
      const gap = await longestProcessingGap(system.databases[database].url, name, from, to);
      return (
        `${name}: longest wait published → applied ${seconds(wait?.ms)}${wait ? ` (published ${since(wait.publishedAt)})` : ''}, ` +
        `rebalancing ${seconds(rebalancingMs(watch.samples, group, killedAt))}, longest gap with nothing applied ${seconds(gap?.ms)}`
      );
    }),
  );
  const statuses = await queryRows<{ status: string; n: number }>(system.databases.gateway.url, 'SELECT status, count(*)::int AS n FROM commands GROUP BY status ORDER BY status');
  const perGateway = system.gatewayUrls.map((url, index) => `${index === 0 ? 'gateway' : `gateway-${index + 1}`} ${load.lifecycles.flatMap(({ commands }) => commands).filter((command) => command.gatewayUrl === url).length}`);
  const restarts = system.output.filter((line) => line.startsWith('[atalaia] ↻')).map((line) => line.replace('[atalaia] ', ''));
  const labelled = (label: string, lines: string[]) => lines.map((line, index) => `  ${(index === 0 ? label : '').padEnd(11)} ${line}`);
  return [
    `many instances — 2 × gateway, relay, occurrence, dispatch, audit on one machine; ${partitions} partitions per topic`,
    ...labelled('load', [`${load.lifecycles.length} occurrences × report/start/resolve = ${load.lifecycles.length * 3} commands over ${seconds(run.loadStoppedAt - run.loadStartedAt)}, split across the gateways (${perGateway.join(', ')}); kills at +${seconds(killedAt - run.loadStartedAt)}, load until ${since(run.loadStoppedAt)}`]),
    ...labelled('killed', [`${run.victims.join(', ')} (SIGKILL; ${leader.name} led ${leader.leading.join(', ')})`]),
    ...labelled('failover', [`kill → first publish by ${run.newLeader.name}: ${failover.join(', ')}`]),
    ...labelled('rebalance', pauses),
    ...labelled('lag → 0', [`kill → lag 0 for good: ${behind.map((group) => `${group.slice(namespace.length + 1)} ${since(recovered.get(group))}`).join(', ')}; every group ${since(Math.max(...recovered.values()))}`]),
    ...labelled('same key', [`${run.doubled.length} reports each sent through both gateways at once → ${new Set(run.doubled.map(({ answers }) => answers[0]!.commandId)).size} commands`]),
    ...labelled('commands', [`${statuses.map(({ status, n }) => `${status} ${n}`).join(', ')} (${run.expectedCommands} accepted)`]),
    ...labelled('supervisor', restarts),
  ];
}

/**
 * Each command row settled as processed (none failed, none pending), one row
 * per accepted command; each occurrence's audit trail holds exactly its three
 * commands in the order they were accepted, at versions 1, 2, 3; every
 * occurrence ended resolved and the dispatch service saw its last version.
 */
async function expectEachCommandAppliedOnceInOrder(system: ProcessSystem, lifecycles: Lifecycle[], expectedCommands: number): Promise<void> {
  const { gateway, occurrence, dispatch, audit } = system.databases;
  const unsettled = await queryRows(gateway.url, "SELECT id, type, status, error FROM commands WHERE status <> 'processed'");
  expect(unsettled).toEqual([]);
  expect(await countRows(gateway.url, 'SELECT count(*)::int AS n FROM commands')).toBe(expectedCommands);

  const trails = new Map(
    (
      await queryRows<{ id: string; commands: string[]; actions: string[]; versions: number[] }>(
        audit.url,
        `SELECT aggregate_id AS id, array_agg(command_id::text ORDER BY sequence) AS commands, array_agg(action ORDER BY sequence) AS actions,
                array_agg((after->>'version')::int ORDER BY sequence) AS versions
         FROM audit_entries WHERE aggregate_type = 'occurrence' GROUP BY aggregate_id`,
      )
    ).map((trail) => [trail.id, trail]),
  );
  const wrong = lifecycles.filter(({ occurrenceId, commands }) => {
    const trail = trails.get(occurrenceId);
    return (
      JSON.stringify(trail?.commands) !== JSON.stringify(commands.map(({ commandId }) => commandId)) ||
      JSON.stringify(trail?.actions) !== JSON.stringify(['occurrence.created', 'occurrence.started', 'occurrence.resolved']) ||
      JSON.stringify(trail?.versions) !== JSON.stringify([1, 2, 3])
    );
  });
  expect(wrong.map(({ occurrenceId }) => ({ occurrenceId, trail: trails.get(occurrenceId) }))).toEqual([]);
  expect(await countRows(audit.url, "SELECT count(*)::int AS n FROM audit_entries WHERE aggregate_type = 'occurrence'")).toBe(expectedCommands);

  const ids = lifecycles.map(({ occurrenceId }) => occurrenceId);
  const occurrences = await queryRows<{ status: string; version: number; n: number }>(
    occurrence.url,
    'SELECT status, version, count(*)::int AS n FROM occurrences WHERE id = ANY($1::uuid[]) GROUP BY status, version',
    [ids],
  );
  expect(occurrences).toEqual([{ status: 'resolved', version: 3, n: lifecycles.length }]);
  const views = await queryRows<{ version: number; n: number }>(dispatch.url, 'SELECT version, count(*)::int AS n FROM occurrence_views WHERE occurrence_id = ANY($1::uuid[]) GROUP BY version', [ids]);
  expect(views).toEqual([{ version: 3, n: lifecycles.length }]);
}
