import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, lstat, mkdir, readlink, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { createTempDir, getFreePorts } from '@atalaia/local-stack';
import { waitFor } from '@atalaia/testing';

/**
 * The README's quick start as a user on a clean machine runs it: `npm start` in
 * a fresh copy of the working tree (tracked files plus untracked, not ignored
 * ones: no node_modules, no generated Prisma clients, no compiled dist folders,
 * no .atalaia cache), with no pnpm or yarn on PATH. It must install, generate,
 * compile, fetch Kafka's jars, start PostgreSQL, Kafka and every service (as
 * compiled JavaScript), process the seed request, serve the documented CLIs,
 * and stop everything on SIGTERM.
 */
const repoRoot = path.resolve(__dirname, '../../..');
const services = ['gateway', 'occurrence', 'dispatch', 'audit', 'relay'];
const apiKey = 'cbm_prova_2026_key';
const START_TIMEOUT_MS = 9 * 60_000;

function portIsOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Alive and not a zombie waiting to be reaped. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** A process's command line, as its arguments (none once it has exited). */
function commandLineOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** Every process below `root`, from the process table. */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number) as [number, number];
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  const found: number[] = [];
  for (let queue = [root]; queue.length > 0; ) {
    const next = children.get(queue.shift()!) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

/** Copies the working tree's files (`git ls-files -co --exclude-standard`), so uncommitted work is what gets tested. */
async function copyWorkingTree(target: string): Promise<void> {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter((file) => file && existsSync(path.join(repoRoot, file)));
  for (const file of files) {
    const from = path.join(repoRoot, file);
    const to = path.join(target, file);
    await mkdir(path.dirname(to), { recursive: true });
    if ((await lstat(from)).isSymbolicLink()) await symlink(await readlink(from), to);
    else await copyFile(from, to);
  }
}

/** A directory of `pnpm`, `pnpx` and `yarn` that fail as on a machine without them (as ../shared/tools/fresh-machine-check does). */
async function missingToolShims(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const tool of ['pnpm', 'pnpx', 'yarn']) {
    await writeFile(path.join(dir, tool), `#!/bin/sh\necho "fresh machine: ${tool} is not installed" >&2\nexit 127\n`, { mode: 0o755 });
  }
  return dir;
}

/**
 * A user's shell: no npm_* variables of the `npm test` running us, none of the
 * settings that would point the launcher elsewhere, nothing of this checkout's
 * node_modules/.bin on PATH, and the missing-tool shims first.
 */
function cleanEnvironment(shims: string): Record<string, string> {
  const env: Record<string, string> = {};
  const dropped = /^(npm_|INIT_CWD$|API_KEY$|DATABASE_URL$|[A-Z]+_DATABASE_URL$|KAFKA_|ATALAIA_|OTEL_|PORT$|HOST$|[A-Z]+_PORT$|LOG_LEVEL$|TURBO_)/;
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !dropped.test(name)) env[name] = value;
  const path_ = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir && !dir.includes(`node_modules${path.sep}.bin`));
  env.PATH = [shims, ...path_].join(path.delimiter);
  return env;
}

interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], options: { cwd: string; env: Record<string, string> }): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(command, args, { ...options, timeout: 3 * 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** '' when the command succeeded, else its exit code and output (so a failure says why). */
function failureOf(result: CommandResult): string {
  return result.code === 0 ? '' : `exit ${result.code}\n${result.stdout}\n${result.stderr}`;
}

describe('npm start from a fresh copy of the repository, on a machine without pnpm', () => {
  let workDir: string;
  let copy: string;
  let env: Record<string, string>;
  let launcher: ChildProcess;
  let exited: Promise<number | null>;
  let seen: Set<number>;
  const output: string[] = [];
  const ports = { gateway: 0, occurrence: 0, dispatch: 0, audit: 0, relay: 0, postgres: 0, kafka: 0, kafkaController: 0 };
  const gatewayUrl = () => `http://127.0.0.1:${ports.gateway}`;
  const starts = (service: string) => output.filter((line) => line.startsWith(`[atalaia] ▶ ${service} started`));
  const pidOf = (service: string) => Number(/pid (\d+)/.exec(starts(service).at(-1) ?? '')?.[1]);
  const recordProcessTree = () => {
    if (launcher.pid) for (const pid of descendantsOf(launcher.pid)) seen.add(pid);
  };

  beforeAll(async () => {
    workDir = await createTempDir('atalaia-fresh-copy-');
    copy = path.join(workDir, 'project');
    await copyWorkingTree(copy);
    env = cleanEnvironment(await missingToolShims(path.join(workDir, 'missing-tools')));
    const [gateway, occurrence, dispatch, audit, relay, postgres, kafka, kafkaController] = await getFreePorts(8);
    Object.assign(ports, { gateway, occurrence, dispatch, audit, relay, postgres, kafka, kafkaController });
    Object.assign(env, {
      PORT: String(ports.gateway),
      OCCURRENCE_PORT: String(ports.occurrence),
      DISPATCH_PORT: String(ports.dispatch),
      AUDIT_PORT: String(ports.audit),
      RELAY_PORT: String(ports.relay),
      ATALAIA_POSTGRES_PORT: String(ports.postgres),
      ATALAIA_KAFKA_PORT: String(ports.kafka),
      ATALAIA_KAFKA_CONTROLLER_PORT: String(ports.kafkaController),
      API_KEY: apiKey,
      LOG_LEVEL: 'warn',
    });
    seen = new Set();
    // Its own process group, so a failed run can be cleaned up whole.
    launcher = spawn('npm', ['start'], { cwd: copy, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    exited = new Promise((resolve) => launcher.once('exit', (code) => resolve(code)));
    for (const stream of [launcher.stdout!, launcher.stderr!]) createInterface({ input: stream }).on('line', (line) => output.push(line));
    try {
      await waitFor(async () => output.some((line) => line.includes('ready — gateway')) || launcher.exitCode !== null, {
        timeoutMs: START_TIMEOUT_MS,
        intervalMs: 250,
        description: 'the ready line',
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- npm start output ---\n${output.slice(-60).join('\n')}`);
    }
    if (launcher.exitCode !== null) throw new Error(`npm start exited with ${launcher.exitCode}:\n${output.slice(-60).join('\n')}`);
    recordProcessTree();
  }, START_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    if (launcher?.pid && launcher.exitCode === null && launcher.signalCode === null) {
      recordProcessTree();
      try {
        process.kill(-launcher.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const pid of seen ?? []) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }, 60_000);

  it('when started, then it prints one ready line naming the gateway, the console and the API key given in API_KEY, and every service runs as its own process', async () => {
    expect(output).toContain(`[atalaia] ready — gateway ${gatewayUrl()}  console ${gatewayUrl()}/console/  API key: ${apiKey}  (Ctrl+C stops everything)`);
    const pids = services.map(pidOf);
    expect(new Set(pids).size).toBe(5);
    expect(pids.every((pid) => Number.isInteger(pid) && pid > 0)).toBe(true);
    expect((await fetch(`${gatewayUrl()}/health/ready`)).status).toBe(200);
    // The console was built in the copy and is served.
    const consolePage = await fetch(`${gatewayUrl()}/console/`);
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toContain('<div id="root"></div>');
    // It installed and generated for itself: no global pnpm was there to lean on.
    expect(existsSync(path.join(copy, 'node_modules', '.modules.yaml'))).toBe(true);
    expect(existsSync(path.join(copy, 'services', 'gateway', 'src', 'db', 'generated', 'client.ts'))).toBe(true);
  });

  it('when started, then it prints a development administrator whose login and password sign in to the console', async () => {
    const line = output.find((printed) => printed.startsWith('[atalaia] console administrator: login admin, password '));
    const password = /password (\S+) \(agency dev-agency; unless changed since\)$/.exec(line ?? '')?.[1];
    expect(password).toEqual(expect.any(String));
    const response = await fetch(`${gatewayUrl()}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'admin', password }),
    });
    expect(response.status).toBe(200);
    const session = (await response.json()) as { client: { agencyId: string; person: { roles: string[] }; permissions: string[] } };
    expect(session.client).toMatchObject({ agencyId: 'dev-agency', person: { roles: ['agency_admin', 'supervisor', 'auditor'] } });
    expect(session.client.permissions).toContain('users:manage');
  });

  it('when started without settings, then its PostgreSQL is durable: fsync, synchronous_commit and full_page_writes on, and it says so', async () => {
    const client = new Client({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${ports.postgres}/atalaia_gateway` });
    await client.connect();
    try {
      const shown: Record<string, string> = {};
      for (const name of ['fsync', 'synchronous_commit', 'full_page_writes']) shown[name] = (await client.query(`show ${name}`)).rows[0][name];
      expect(shown).toEqual({ fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' });
    } finally {
      await client.end();
    }
    expect(output).toContain(`[atalaia] starting embedded PostgreSQL on 127.0.0.1:${ports.postgres} (durable)`);
  });

  it('when started, then the launcher and every service run the JavaScript compiled into dist folders, with source maps, and nothing runs tsx', async () => {
    expect(output).toContainEqual(expect.stringMatching(/^\[atalaia\] compiling \d+ programs to JavaScript/));
    for (const service of services) {
      const pid = pidOf(service);
      const args = commandLineOf(pid);
      expect(args.slice(1)).toEqual(expect.arrayContaining(['--enable-source-maps', 'dist/main.js']));
      expect(await realpath(`/proc/${pid}/cwd`)).toBe(await realpath(path.join(copy, 'services', service)));
      expect(existsSync(path.join(copy, 'services', service, 'dist', 'main.js.map'))).toBe(true);
    }
    const tree = descendantsOf(launcher.pid!).map((pid) => ({ pid, args: commandLineOf(pid).join(' ') }));
    expect(tree).toContainEqual(expect.objectContaining({ args: expect.stringMatching(/--enable-source-maps deploy\/local-stack\/dist\/start-system\.js$/) }));
    expect(tree.filter(({ args }) => /\btsx\b/.test(args))).toEqual([]);
  });

  it('when the seed request is sent to the gateway process, then the other processes process it', async () => {
    const headers = { 'X-API-Key': apiKey, 'Content-Type': 'application/json', 'Idempotency-Key': 'fresh-copy-seed' };
    const body = JSON.stringify({
      externalId: 'EXT-2026-000123',
      type: 'incendio_urbano',
      description: 'Incêndio em residência',
      reportedAt: '2026-02-01T14:32:00-03:00',
    });
    const accepted = await fetch(`${gatewayUrl()}/api/integrations/occurrences`, { method: 'POST', headers, body });
    expect(accepted.status).toBe(202);
    const { commandId } = (await accepted.json()) as { commandId: string };
    expect(accepted.headers.get('location')).toBe(`/api/commands/${commandId}`);

    const command = await waitFor(async () => {
      const answer = (await (await fetch(`${gatewayUrl()}/api/commands/${commandId}`, { headers })).json()) as { status: string };
      return answer.status !== 'pending' && answer;
    }, { timeoutMs: 60_000, description: 'the command to be processed' });
    expect(command).toMatchObject({ status: 'processed', result: { outcome: 'created' } });
  });

  it('when the README\'s CLIs run in that copy, then `npm run clients -- create` makes a working key, `npm run migrate` finds the database up to date and `npm run dlq -- list` reads the broker', async () => {
    const gatewayDatabase = `postgresql://postgres:postgres@127.0.0.1:${ports.postgres}/atalaia_gateway`;
    const clients = await run('npm', ['run', 'clients', '--', 'create', '--name', 'Fresh Copy Agency', '--agency', 'cbm-se', '--scopes', 'read'], {
      cwd: copy,
      env: { ...env, DATABASE_URL: gatewayDatabase },
    });
    expect(failureOf(clients)).toBe('');
    const key = /API key \(shown once, store it now\): (atk_[0-9a-f]{8}_\S+)/.exec(clients.stdout)?.[1];
    expect(key).toBeDefined();
    const read = await fetch(`${gatewayUrl()}/api/occurrences`, { headers: { 'X-API-Key': key! } });
    expect(read.status).toBe(200);

    const migrate = await run('npm', ['run', 'migrate', '--', 'gateway'], { cwd: copy, env: { ...env, DATABASE_URL: gatewayDatabase } });
    expect(failureOf(migrate)).toBe('');
    expect(migrate.stdout).toContain('database is up to date');

    // Every topic, including those no consumer reads (their dead-letter topics do not exist): a count of 0 each.
    const dlq = await run('npm', ['run', 'dlq', '--', 'list'], { cwd: copy, env: { ...env, KAFKA_BROKERS: `127.0.0.1:${ports.kafka}` } });
    expect(failureOf(dlq)).toBe('');
    expect(dlq.stdout).toMatch(/^atalaia\.dispatch\.events\.v1\.dlq {2}0$/m);
    expect(dlq.stdout).toMatch(/^atalaia\.occurrence\.commands\.v1\.dlq {2}0$/m);
  });

  it('when it receives SIGTERM, then it stops every service process, PostgreSQL and Kafka, and exits 0', async () => {
    recordProcessTree();
    const pids = services.map(pidOf);
    expect(pids.every((pid) => seen.has(pid))).toBe(true);

    launcher.kill('SIGTERM');
    expect(await exited).toBe(0);

    expect(output).toContain('[atalaia] stopped');
    expect(await Promise.all(Object.values(ports).map(portIsOpen))).toEqual(Object.values(ports).map(() => false));
    expect(pids.filter(isAlive)).toEqual([]);
    expect([...seen].filter(isAlive)).toEqual([]);
  });
});
