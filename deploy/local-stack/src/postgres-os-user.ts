import { execFile } from 'node:child_process';
import { chown, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The account the server processes run as; undefined means "this process's user". */
export interface OsUser {
  uid: number;
  gid: number;
}

const ACCOUNT = 'postgres';

function run(file: string, args: string[], user?: OsUser): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { ...user }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout, stderr }));
      else resolve(stdout.trim());
    });
  });
}

async function lookup(): Promise<OsUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', ACCOUNT]), run('id', ['-g', ACCOUNT])]);
    return { uid: Number(uid), gid: Number(gid) };
  } catch {
    return undefined;
  }
}

/** PostgreSQL refuses to run as root: as root, use (and if needed create) the postgres account. */
export async function serverOsUser(): Promise<OsUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookup();
  if (existing) return existing;
  await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', ACCOUNT]);
  const created = await lookup();
  if (!created) throw new Error(`created OS user ${ACCOUNT} but cannot look it up`);
  return created;
}

/**
 * Creates `dataDir` owned by `user`, so initdb need not create it inside a
 * parent that only root may write, then checks `user` can reach it.
 */
export async function prepareDataDir(dataDir: string, user: OsUser | undefined): Promise<void> {
  await mkdir(dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (!user) return;
  await chown(dataDir, user.uid, user.gid);
  const blocked = await firstUnreachable(dataDir, user);
  if (blocked) {
    throw new Error(
      `the ${ACCOUNT} OS user (uid ${user.uid}) that PostgreSQL runs as under root cannot enter ${blocked}, ` +
        `on the way to ${dataDir}: put the data dir under a traversable path (e.g. createTempDir()) or chmod o+x ${blocked}`,
    );
  }
}

async function firstUnreachable(dataDir: string, user: OsUser): Promise<string | undefined> {
  const dirs: string[] = [];
  for (let dir = dataDir; ; dir = dirname(dir)) {
    dirs.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  const script = 'for d in "$@"; do test -x "$d" || { printf %s "$d"; exit 0; }; done; test -w "$0" || printf %s "$0"';
  const blocked = await run('sh', ['-c', script, dataDir, ...dirs], user);
  return blocked || undefined;
}
