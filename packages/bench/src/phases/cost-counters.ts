import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { serviceNames, type BenchSystem } from '../bench-system';
import { figure, targets, type Figure } from '../figures';
import { descendantsOf } from '../process-memory';
import type { SystemProbe } from '../system-probe';

/** Clock ticks per second of /proc's utime and stime (USER_HZ). */
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** What the system has spent so far: CPU per process group, Kafka requests per service and API, statements per database. */
export interface CostSnapshot {
  cpuMs: Map<string, number>;
  kafkaRequests: Map<string, Map<string, number>>;
  statements: Map<string, number>;
}

/** The difference `after − before` of every counter, per command. */
export interface CostPerCommand {
  commands: number;
  cpuMs: Record<string, number>;
  cpuMsTotal: number;
  kafkaRequests: Record<string, Record<string, number>>;
  kafkaRequestsByApi: Record<string, number>;
  kafkaRequestsTotal: number;
  statements: Record<string, number>;
  statementsTotal: number;
}

function processCpuMs(pid: number): { name: string; ms: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime: fields 14 and 15 of stat, 12 and 13 after the name and state.
    return { name, ms: ((Number(fields[11]) + Number(fields[12])) * 1_000) / ticksPerSecond };
  } catch {
    return undefined;
  }
}

/**
 * CPU of every process below the launcher, grouped: each service by its pids,
 * `postgres` (its backends, walwriter, checkpointer…), `kafka` (the broker's
 * JVM) and `launcher` (npm and the supervisor). A process that exited between
 * two snapshots loses its share, so the phases keep their processes alive.
 */
export function cpuByGroup(launcherPid: number, servicePids: Map<string, number[]>): Map<string, number> {
  const serviceOf = new Map<number, string>();
  for (const [service, pids] of servicePids) for (const pid of pids) serviceOf.set(pid, service);
  const groups = new Map<string, number>();
  for (const pid of [launcherPid, ...descendantsOf(launcherPid)]) {
    const cpu = processCpuMs(pid);
    if (!cpu) continue;
    const group = serviceOf.get(pid) ?? (cpu.name.startsWith('postgres') ? 'postgres' : cpu.name === 'java' ? 'kafka' : 'launcher');
    groups.set(group, (groups.get(group) ?? 0) + cpu.ms);
  }
  return groups;
}

/** `atalaia_kafka_requests_total` of one service's /metrics, by API. */
export function kafkaRequestsOf(metricsText: string): Map<string, number> {
  const byApi = new Map<string, number>();
  for (const match of metricsText.matchAll(/^atalaia_kafka_requests_total\{([^}]*)\} (\S+)$/gm)) {
    const api = /api="([^"]*)"/.exec(match[1]!)?.[1] ?? 'unknown';
    byApi.set(api, (byApi.get(api) ?? 0) + Number(match[2]));
  }
  return byApi;
}

const perCommand = (value: number, commands: number) => (commands > 0 ? value / commands : 0);
const rounded = (value: number) => Math.round(value * 1_000) / 1_000;

export function costPerCommand(before: CostSnapshot, after: CostSnapshot, commands: number): CostPerCommand {
  const cpuMs: Record<string, number> = {};
  for (const [group, ms] of after.cpuMs) cpuMs[group] = rounded(perCommand(ms - (before.cpuMs.get(group) ?? 0), commands));
  const kafkaRequests: Record<string, Record<string, number>> = {};
  const kafkaRequestsByApi: Record<string, number> = {};
  for (const [service, byApi] of after.kafkaRequests) {
    kafkaRequests[service] = {};
    for (const [api, count] of byApi) {
      const value = perCommand(count - (before.kafkaRequests.get(service)?.get(api) ?? 0), commands);
      kafkaRequests[service][api] = rounded(value);
      kafkaRequestsByApi[api] = rounded((kafkaRequestsByApi[api] ?? 0) + value);
    }
  }
  const statements: Record<string, number> = {};
  for (const [database, calls] of after.statements) statements[database] = rounded(perCommand(calls - (before.statements.get(database) ?? 0), commands));
  const sum = (values: Record<string, number>) => rounded(Object.values(values).reduce((total, value) => total + value, 0));
  return {
    commands,
    cpuMs,
    cpuMsTotal: sum(cpuMs),
    kafkaRequests,
    kafkaRequestsByApi,
    kafkaRequestsTotal: sum(kafkaRequestsByApi),
    statements,
    statementsTotal: sum(statements),
  };
}

/** One line per breakdown, largest first, for the table's notes. */
export function describeBreakdown(values: Record<string, number>, unit = ''): string {
  return Object.entries(values)
    .filter(([, value]) => value > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, value]) => `${name} ${value.toFixed(2)}${unit}`)
    .join(', ');
}

/** Everything spent so far by the system under the bench. */
export async function snapshotCosts(system: BenchSystem, probe: SystemProbe): Promise<CostSnapshot> {
  const kafkaRequests = new Map<string, Map<string, number>>();
  await Promise.all(
    serviceNames.map(async (service) => {
      const response = await fetch(`${system.serviceUrl(service)}/metrics`);
      kafkaRequests.set(service, kafkaRequestsOf(await response.text()));
    }),
  );
  return { cpuMs: cpuByGroup(system.launcherPid(), system.servicePids()), kafkaRequests, statements: await probe.statementCalls() };
}

/** C1, R1 and S1: what one command cost the whole system during a phase, with the breakdown in the notes. */
export function costFigures(cost: CostPerCommand, phase: string): Figure[] {
  return [
    figure('C1', `CPU per command, every process of the system (during ${phase})`, cost.cpuMsTotal, 'ms', {
      target: targets.c1CpuPerCommandMs,
      note: `per process: ${describeBreakdown(cost.cpuMs, ' ms')}`,
    }),
    figure('R1', `Kafka requests per command, all services (during ${phase})`, cost.kafkaRequestsTotal, 'per_command', {
      note: `by API: ${describeBreakdown(cost.kafkaRequestsByApi)}; by service: ${describeBreakdown(Object.fromEntries(Object.entries(cost.kafkaRequests).map(([service, byApi]) => [service, Object.values(byApi).reduce((a, b) => a + b, 0)])))}`,
    }),
    figure('S1', `SQL statements per command, all databases (during ${phase})`, cost.statementsTotal, 'per_command', {
      note: `by database (BEGIN/COMMIT included): ${describeBreakdown(cost.statements)}`,
    }),
  ];
}
