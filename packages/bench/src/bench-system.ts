import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { createTempDir, getFreePorts } from '@atalaia/local-stack';
import { descendantsOf, servicePids, startTimeOf } from './process-memory';

export const serviceNames = ['gateway', 'relay', 'occurrence', 'dispatch', 'audit'] as const;
export type ServiceName = (typeof serviceNames)[number];
export type DatabaseName = 'gateway' | 'occurrence' | 'dispatch' | 'audit';

/** The embedded PostgreSQL's superuser, as the README documents it. */
const POSTGRES_CREDENTIALS = 'postgres:postgres';
const API_KEY = 'atalaia_bench_key';
/** Settings that would point `npm start` at someone else's PostgreSQL, Kafka, ports or data. */
const inheritedSettings = /^(API_KEY$|DATABASE_URL$|[A-Z]+_DATABASE_URL$|KAFKA_|ATALAIA_|OTEL_|PORT$|HOST$|[A-Z]+_PORT$|LOG_LEVEL$|RATE_LIMIT_)/;

/**
 * The system exactly as `npm start` runs it, on its own free ports and a
 * temporary data dir, so a developer's running system is never touched.
 * The one setting changed from the defaults: the per-client rate limit is
 * raised so it still counts every request but never refuses the bench's.
 */
export class BenchSystem {
  private launcher: ChildProcess | undefined;
  private readonly output: string[] = [];
  /** Every process seen below `npm start`, with its start time, so a reused pid is never killed. */
  private readonly knownProcesses = new Map<number, number>();

  private constructor(
    readonly repoRoot: string,
    readonly dataDir: string,
    private readonly ports: Record<'gateway' | 'occurrence' | 'dispatch' | 'audit' | 'relay' | 'postgres' | 'kafka' | 'kafkaController', number>,
  ) {
    process.on('exit', () => this.killEverything());
  }

  /** ATALAIA_POSTGRES_DURABILITY for `npm start`. */
  durability: 'durable' | 'fast' = 'durable';

  static async create(repoRoot: string): Promise<BenchSystem> {
    const [gateway, occurrence, dispatch, audit, relay, postgres, kafka, kafkaController] = (await getFreePorts(8)) as [number, number, number, number, number, number, number, number];
    const dataDir = await createTempDir('atalaia-bench-');
    return new BenchSystem(repoRoot, dataDir, { gateway, occurrence, dispatch, audit, relay, postgres, kafka, kafkaController });
  }

  readonly apiKey = API_KEY;
  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports.gateway}`;
  }
  get kafkaBrokers(): string[] {
    return [`127.0.0.1:${this.ports.kafka}`];
  }
  /** Where a service answers (its /metrics among others). */
  serviceUrl(service: ServiceName): string {
    return `http://127.0.0.1:${this.ports[service]}`;
  }
  /** A service's database, or the server's own `postgres` database. */
  databaseUrl(database: DatabaseName | 'postgres'): string {
    const name = database === 'postgres' ? database : `atalaia_${database}`;
    return `postgresql://${POSTGRES_CREDENTIALS}@127.0.0.1:${this.ports.postgres}/${name}`;
  }

  /** Spawns `npm start` and resolves with the milliseconds from spawn to its ready line. */
  async start(timeoutMs: number): Promise<number> {
    if (this.launcher) throw new Error('the system is already running');
    this.output.length = 0;
    const startedAt = performance.now();
    // Its own process group, so Ctrl+C on the bench does not hit the system mid-measurement; the bench stops it.
    const launcher = spawn('npm', ['start'], { cwd: this.repoRoot, env: this.environment(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.launcher = launcher;
    for (const stream of [launcher.stdout!, launcher.stderr!]) createInterface({ input: stream }).on('line', (line) => this.remember(line));
    const deadline = Date.now() + timeoutMs;
    while (!this.output.some((line) => line.startsWith('[atalaia] ready'))) {
      if (launcher.exitCode !== null || launcher.signalCode !== null) throw new Error(`npm start exited before it was ready:\n${this.tail()}`);
      if (Date.now() > deadline) throw new Error(`npm start was not ready within ${timeoutMs / 1000} s:\n${this.tail()}`);
      await delay(20);
    }
    const readyMs = performance.now() - startedAt;
    this.recordProcesses();
    return readyMs;
  }

  /** The pids of each service's processes right now (a restarted service has a new one). */
  servicePids(): Map<string, number[]> {
    return servicePids(this.launcherPid(), this.repoRoot, serviceNames);
  }

  /** Freezes a service (SIGSTOP) so work piles up behind it; `resume` lets it go. */
  pause(service: ServiceName): void {
    this.signalService(service, 'SIGSTOP');
  }
  resume(service: ServiceName): void {
    this.signalService(service, 'SIGCONT');
  }

  /** SIGTERM to `npm start`, as Ctrl+C would; whatever is left after a minute is killed. */
  async stop(): Promise<void> {
    const launcher = this.launcher;
    if (!launcher) return;
    this.recordProcesses();
    for (const service of serviceNames) this.signalService(service, 'SIGCONT');
    if (launcher.exitCode === null && launcher.signalCode === null) {
      const exited = new Promise((resolve) => launcher.once('exit', resolve));
      launcher.kill('SIGTERM');
      await Promise.race([exited, delay(60_000)]);
    }
    this.killEverything();
    this.launcher = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  tail(lines = 40): string {
    return this.output.slice(-lines).join('\n');
  }

  private environment(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !inheritedSettings.test(name)) env[name] = value;
    return {
      ...env,
      ATALAIA_DATA_DIR: this.dataDir,
      PORT: String(this.ports.gateway),
      OCCURRENCE_PORT: String(this.ports.occurrence),
      DISPATCH_PORT: String(this.ports.dispatch),
      AUDIT_PORT: String(this.ports.audit),
      RELAY_PORT: String(this.ports.relay),
      ATALAIA_POSTGRES_PORT: String(this.ports.postgres),
      ATALAIA_POSTGRES_DURABILITY: this.durability,
      ATALAIA_KAFKA_PORT: String(this.ports.kafka),
      ATALAIA_KAFKA_CONTROLLER_PORT: String(this.ports.kafkaController),
      API_KEY,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '1000000000',
    };
  }

  private remember(line: string): void {
    this.output.push(line);
    if (this.output.length > 500) this.output.shift();
  }

  launcherPid(): number {
    const pid = this.launcher?.pid;
    if (pid === undefined) throw new Error('the system is not running');
    return pid;
  }

  private signalService(service: ServiceName, signal: NodeJS.Signals): void {
    const pids = this.servicePids().get(service) ?? [];
    if (pids.length === 0 && signal === 'SIGSTOP') throw new Error(`no process of ${service} found below npm start`);
    for (const pid of pids) process.kill(pid, signal);
  }

  private recordProcesses(): void {
    if (!this.launcher?.pid) return;
    for (const pid of descendantsOf(this.launcher.pid)) {
      const startTime = startTimeOf(pid);
      if (startTime !== undefined) this.knownProcesses.set(pid, startTime);
    }
  }

  /** Last resort on exit or after a stop that hung: nothing the bench started may outlive it. */
  private killEverything(): void {
    const launcher = this.launcher;
    const stillRunning = launcher?.pid !== undefined && launcher.exitCode === null && launcher.signalCode === null;
    const targets = [...this.knownProcesses].filter(([pid, startTime]) => startTimeOf(pid) === startTime).map(([pid]) => pid);
    for (const pid of [...targets, ...(stillRunning ? [-launcher.pid!] : [])]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    this.knownProcesses.clear();
  }
}
