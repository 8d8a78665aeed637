import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chown, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { assertPortFree, getFreePort } from './free-port';
import { describeExit, manageProcess, pause, type ManagedProcess } from './managed-process';
import { findPostgresBinaries } from './postgres-binaries';
import { prepareDataDir, serverOsUser, type OsUser } from './postgres-os-user';

export interface PostgresOptions {
  dataDir: string;
  port?: number;
  onLog?: (line: string) => void;
  /** Default 300: every test opens its own pools. */
  maxConnections?: number;
  /**
   * `durable` (the default): fsync, synchronous_commit and full_page_writes on,
   * PostgreSQL's own defaults, so a commit survives a power loss. `fast` turns
   * all three off: a crash of the machine can lose or corrupt data. For tests
   * and throwaway development data only.
   */
  durability?: PostgresDurability;
}

export const postgresDurabilities = ['durable', 'fast'] as const;
export type PostgresDurability = (typeof postgresDurabilities)[number];

/** What each mode sets; `durable` sets PostgreSQL's defaults explicitly, so a postgresql.conf cannot weaken them unseen. */
export const durabilitySettings: Record<PostgresDurability, Record<'fsync' | 'synchronous_commit' | 'full_page_writes', 'on' | 'off'>> = {
  durable: { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' },
  fast: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
};

export interface RunningPostgres {
  readonly port: number;
  readonly pid: number;
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 20_000;
const PROBE_INTERVAL_MS = 100;
const DUPLICATE_DATABASE = '42P04';

export async function startEmbeddedPostgres(opts: PostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(opts.dataDir);
  const binaries = await findPostgresBinaries();
  const osUser = await serverOsUser();
  const onLog = opts.onLog;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    await prepareDataDir(dataDir, osUser);
    await initialise(binaries.initdb, dataDir, osUser, onLog);
  }
  const port = opts.port || (await getFreePort());
  await assertPortFree(port);
  const server = manageProcess(
    spawn(binaries.postgres, ['-D', dataDir, '-p', String(port), ...serverSettings(opts)], {
      ...osUser,
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    // SIGQUIT is PostgreSQL's immediate shutdown: it also ends the backends.
    { onLog, exitSignal: 'SIGQUIT' },
  );
  const admin = { host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' };
  try {
    await waitUntilReady(server, admin, dataDir);
  } catch (error) {
    await server.stop('SIGQUIT', 5_000);
    throw new Error(`${(error as Error).message}\n--- last postgres log lines ---\n${server.logTail()}`);
  }

  const withAdmin = async (sql: string, params: unknown[] = []): Promise<number> => {
    const client = new Client(admin);
    await client.connect();
    try {
      return (await client.query(sql, params)).rowCount ?? 0;
    } finally {
      await client.end();
    }
  };
  return {
    port,
    pid: server.pid,
    url: (database) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    createDatabase: async (name) => {
      if ((await withAdmin('select 1 from pg_database where datname = $1', [name])) > 0) return;
      await withAdmin(`create database ${quoteIdentifier(name)}`).catch((error: { code?: string }) => {
        if (error.code !== DUPLICATE_DATABASE) throw error;
      });
    },
    dropDatabase: async (name) => {
      await withAdmin(`drop database if exists ${quoteIdentifier(name)} with (force)`);
    },
    stop: async () => {
      // SIGINT is PostgreSQL's fast shutdown: it disconnects clients instead of waiting for them.
      await server.stop('SIGINT', STOP_GRACE_MS);
    },
  };
}

function serverSettings(opts: PostgresOptions): string[] {
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    // No unix socket: it would land in /tmp and clash with any other server on the same port.
    unix_socket_directories: '',
    max_connections: opts.maxConnections ?? 300,
    // Statement counts per database, for operators and the bench's statements per command (negligible cost).
    shared_preload_libraries: 'pg_stat_statements',
    'pg_stat_statements.track': 'top',
    ...durabilitySettings[opts.durability ?? 'durable'],
  };
  return Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${String(value)}`]);
}

async function initialise(
  initdb: string,
  dataDir: string,
  osUser: OsUser | undefined,
  onLog: ((line: string) => void) | undefined,
): Promise<void> {
  const leftovers = await readdir(dataDir);
  if (leftovers.length > 0) {
    throw new Error(`${dataDir} is not an initialised PostgreSQL data dir but is not empty either`);
  }
  const passwordFile = join(tmpdir(), `atalaia-pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (osUser) await chown(passwordFile, osUser.uid, osUser.gid);
    const args = ['-D', dataDir, '-U', USER, `--pwfile=${passwordFile}`, '--auth=scram-sha-256'];
    args.push('-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions');
    const tool = manageProcess(
      spawn(initdb, args, { ...osUser, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] }),
      { onLog, exitSignal: 'SIGKILL' },
    );
    const exit = await tool.exited;
    await tool.closed;
    if (exit.code !== 0) throw new Error(`initdb ${describeExit(exit)}\n${tool.logTail()}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

async function waitUntilReady(server: ManagedProcess, connection: object, dataDir: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (server.hasExited()) {
      await server.closed;
      throw new Error(`postgres ${describeExit(await server.exited)} before it was ready`);
    }
    const client = new Client({ ...connection, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ data_directory: string }>('show data_directory');
      if (rows[0]?.data_directory === dataDir) return;
      lastError = `another server (data dir ${String(rows[0]?.data_directory)}) answers on the port`;
    } catch (error) {
      lastError = (error as Error).message;
    } finally {
      await client.end().catch(() => undefined);
    }
    await pause(PROBE_INTERVAL_MS, server);
  }
  throw new Error(`postgres not ready after ${START_TIMEOUT_MS} ms (${lastError})`);
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
