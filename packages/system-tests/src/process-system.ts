import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { buildSystem, createTempDir, getFreePortGrid, planInstances, serviceNodeFlags, systemServices, type SystemService } from '@atalaia/local-stack';
import { createTestDatabase, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';

const repoRoot = path.resolve(__dirname, '../../..');
const services = ['gateway', 'occurrence', 'dispatch', 'audit'] as const;
/** The launcher's services, in the order of `ProcessSystem.ports`. */
const launchedServices = ['gateway', 'occurrence', 'dispatch', 'audit', 'relay'] as const;

export interface ProcessSystemOptions {
  /** Instances per service (ATALAIA_INSTANCES); a service not named runs once. */
  instances?: Partial<Record<SystemService, number>>;
}

export interface ProcessSystem {
  gatewayUrl: string;
  /** Every gateway instance's address, the first instance's first. */
  gatewayUrls: string[];
  apiKey: string;
  /** The first instance's port of gateway, occurrence, dispatch, audit and relay. */
  ports: number[];
  output: string[];
  databases: Record<(typeof services)[number], TestDatabase>;
  launcher: ChildProcess;
  /** The environment the launcher was given, e.g. to start one more service process beside it. */
  env: Record<string, string>;
  /** The pid of the service's current process, as the supervisor announced it. */
  pidOf(service: string): number;
  /** How many times the supervisor has started the service. */
  startsOf(service: string): number;
  /** Where an instance listens, by its name in the supervisor's lines (`relay`, `relay-2`). */
  urlOf(instance: string): string;
  stop(): Promise<number | null>;
}

/**
 * The launcher behind `npm start` as a real process tree (one process per
 * service, supervised) on the test run's PostgreSQL and Kafka — as an operator
 * runs it with external DATABASE_URLs and KAFKA_BROKERS. It runs the compiled
 * JavaScript that ships, built first when the sources changed.
 */
export async function startProcessSystem(label: string, env: Record<string, string> = {}, options: ProcessSystemOptions = {}): Promise<ProcessSystem> {
  await buildSystem();
  const databases = Object.fromEntries(
    await Promise.all(services.map(async (service) => [service, await createTestDatabase(`${label}_${service}`)] as const)),
  ) as ProcessSystem['databases'];
  const dataDir = await createTempDir('atalaia-launcher-');
  const counts = Object.fromEntries(systemServices.map((service) => [service, options.instances?.[service] ?? 1])) as Record<SystemService, number>;
  const mostInstances = Math.max(...Object.values(counts));
  const { ports, step } = await getFreePortGrid(launchedServices.length, mostInstances);
  // The launcher lays its instances out with the same function, from the same ports and step.
  const instances = planInstances(counts, Object.fromEntries(launchedServices.map((service, position) => [service, ports[position]!])) as Record<SystemService, number>, step);
  const [gateway, occurrence, dispatch, audit, relay] = ports.map(String) as [string, string, string, string, string];
  const instancesEnv: Record<string, string> = options.instances
    ? { ATALAIA_INSTANCES: Object.entries(options.instances).map(([service, count]) => `${service}=${count}`).join(','), ATALAIA_INSTANCE_PORT_STEP: String(step) }
    : {};
  const urlOf = (name: string) => {
    const instance = instances.find((candidate) => candidate.name === name);
    if (!instance) throw new Error(`no instance named ${name}`);
    return `http://127.0.0.1:${instance.port}`;
  };
  const apiKey = 'cbm_prova_2026_key';
  const output: string[] = [];
  const launcherEnv: Record<string, string> = {
    PORT: gateway,
    OCCURRENCE_PORT: occurrence,
    DISPATCH_PORT: dispatch,
    AUDIT_PORT: audit,
    RELAY_PORT: relay,
    API_KEY: apiKey,
    GATEWAY_DATABASE_URL: databases.gateway.url,
    OCCURRENCE_DATABASE_URL: databases.occurrence.url,
    DISPATCH_DATABASE_URL: databases.dispatch.url,
    AUDIT_DATABASE_URL: databases.audit.url,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_NAMESPACE: uniqueTopicNamespace(label),
    ATALAIA_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...instancesEnv,
    ...env,
  };
  const launcher = spawn(process.execPath, ['--enable-source-maps', 'deploy/local-stack/dist/start-system.js'], {
    cwd: repoRoot,
    env: { ...process.env, ...launcherEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [launcher.stdout!, launcher.stderr!]) createInterface({ input: stream }).on('line', (line) => output.push(line));
  const starts = (service: string) => output.filter((line) => line.startsWith(`[atalaia] ▶ ${service} started`));
  const system: ProcessSystem = {
    gatewayUrl: `http://127.0.0.1:${gateway}`,
    gatewayUrls: instances.filter((instance) => instance.service === 'gateway').map((instance) => urlOf(instance.name)),
    apiKey,
    ports,
    output,
    databases,
    launcher,
    env: launcherEnv,
    pidOf: (service) => Number(/pid (\d+)/.exec(starts(service).at(-1) ?? '')?.[1]),
    startsOf: (service) => starts(service).length,
    urlOf,
    stop: async () => {
      const exited = launcher.exitCode !== null ? Promise.resolve(launcher.exitCode) : new Promise<number | null>((resolve) => launcher.once('exit', resolve));
      launcher.kill('SIGTERM');
      const code = await exited;
      await Promise.all(Object.values(databases).map((database) => database.drop()));
      await rm(dataDir, { recursive: true, force: true });
      return code;
    },
  };
  // Many processes on two cores take longer to start: the launcher itself waits 120 s for them.
  await waitFor(async () => output.some((line) => line.includes('ready — gateway')), {
    timeoutMs: mostInstances > 1 ? 150_000 : 90_000,
    description: `the ready line; output so far:\n${output.join('\n')}`,
  });
  return system;
}

/**
 * One more relay process on the system's outboxes, outside the supervisor, as
 * a second relay replica would run in production (the build `startProcessSystem`
 * made). Returns a function that stops it.
 */
export function startExtraRelay(system: ProcessSystem, port: number): () => Promise<void> {
  const { databases, env } = system;
  const relay = spawn(process.execPath, [...serviceNodeFlags, 'dist/main.js'], {
    cwd: path.join(repoRoot, 'services', 'relay'),
    env: {
      ...process.env,
      PORT: String(port),
      KAFKA_BROKERS: env.KAFKA_BROKERS!,
      KAFKA_TOPIC_NAMESPACE: env.KAFKA_TOPIC_NAMESPACE!,
      OUTBOX_SOURCES: `gateway=${databases.gateway.url},occurrence=${databases.occurrence.url},dispatch=${databases.dispatch.url}`,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  return async () => {
    if (relay.exitCode !== null) return;
    const exited = new Promise((resolve) => relay.once('exit', resolve));
    relay.kill('SIGTERM');
    await exited;
  };
}
