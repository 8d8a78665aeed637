import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

const MiB = 1024 * 1024;

/** VmRSS of a live process in MiB, or undefined once it is gone. */
export function residentMiB(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? (Number(match[1]) * 1024) / MiB : undefined;
  } catch {
    return undefined;
  }
}

/** The fields of /proc/<pid>/stat after the command name (which may itself hold spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : undefined;
}

/** When the process started, in clock ticks since boot: with the pid, it names one process for good. */
export function startTimeOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[19]) : undefined;
}

/** Every process below `root`, read from /proc. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  for (const queue = [root]; queue.length > 0; ) {
    const next = children.get(queue.shift()!) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

function cwdOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

/**
 * The processes of each service below the launcher, found by their working
 * directory (`services/<name>`), as the supervisor starts them: whatever runs
 * a service (tsx, compiled JavaScript, a wrapper), all of it is counted.
 */
export function servicePids(launcherPid: number, repoRoot: string, services: readonly string[]): Map<string, number[]> {
  const byDirectory = new Map(services.map((service) => [path.join(repoRoot, 'services', service), service]));
  const pids = new Map<string, number[]>(services.map((service) => [service, []]));
  for (const pid of descendantsOf(launcherPid)) {
    const service = byDirectory.get(cwdOf(pid) ?? '');
    if (service) pids.get(service)!.push(pid);
  }
  return pids;
}

export function serviceResidentMiB(pids: Map<string, number[]>): Map<string, number> {
  const rss = new Map<string, number>();
  for (const [service, list] of pids) rss.set(service, list.reduce((sum, pid) => sum + (residentMiB(pid) ?? 0), 0));
  return rss;
}

/** Samples every service's RSS until stopped and keeps each one's peak. */
export class PeakMemorySampler {
  private readonly peaks = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly sample: () => Map<string, number>, private readonly intervalMs = 500) {}

  start(): void {
    const take = () => {
      for (const [service, mib] of this.sample()) this.peaks.set(service, Math.max(this.peaks.get(service) ?? 0, mib));
    };
    take();
    this.timer = setInterval(take, this.intervalMs);
  }

  stop(): Map<string, number> {
    clearInterval(this.timer);
    return new Map(this.peaks);
  }
}
