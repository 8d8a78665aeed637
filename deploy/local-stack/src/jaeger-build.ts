import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { JAEGER_VERSION, jaegerBinaryPath, jaegerBuildCommand, jaegerDownloadArgs } from './jaeger-config';
import { describeExit, manageProcess } from './managed-process';
import { findRepoRoot } from './repo-root';

const GO_TIMEOUT_MS = 30 * 60_000;

export interface JaegerBinaryOptions {
  /** Where the built binary is cached; default <repo>/.atalaia. */
  cacheRoot?: string;
  /** Said once, before a build starts (the first run only). */
  onBuildStart?: (message: string) => void;
}

const pending = new Map<string, Promise<string>>();

/**
 * The path of a Jaeger binary: ATALAIA_JAEGER_BINARY when set, else the one
 * cached under .atalaia/jaeger/<version>/, built first from its Go module with
 * the machine's Go toolchain if it is not there yet. The Go module and build
 * caches are Go's own (GOPATH, GOMODCACHE, GOCACHE), shared with the user's
 * other builds.
 */
export async function resolveJaegerBinary(options: JaegerBinaryOptions = {}): Promise<string> {
  const override = process.env.ATALAIA_JAEGER_BINARY;
  if (override) {
    if (!existsSync(override)) throw new Error(`ATALAIA_JAEGER_BINARY=${override}: no such file`);
    return resolve(override);
  }
  const binary = jaegerBinaryPath(options.cacheRoot ?? join(findRepoRoot(), '.atalaia'));
  if (existsSync(binary)) return binary;
  // Callers in one process share one build.
  let building = pending.get(binary);
  if (!building) {
    building = buildOnce(binary, options).finally(() => pending.delete(binary));
    pending.set(binary, building);
  }
  return building;
}

async function buildOnce(binary: string, options: JaegerBinaryOptions): Promise<string> {
  options.onBuildStart?.(`building Jaeger ${JAEGER_VERSION} from its Go module, once: a few minutes (cached in ${dirname(binary)})`);
  await build(binary);
  return binary;
}

// Builds into a private file and renames it into place: a concurrent or
// interrupted run never leaves half a binary at the cached path.
async function build(binary: string): Promise<void> {
  await mkdir(dirname(binary), { recursive: true });
  const staging = `${binary}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const moduleDir = await downloadModule();
    const command = jaegerBuildCommand(staging, process.env);
    await runGoBuild(command.args, moduleDir, command.env);
    await rename(staging, binary);
  } finally {
    await rm(staging, { force: true });
  }
}

const missingGo = new Error(
  `ATALAIA_JAEGER needs Go (1.24 or later, https://go.dev/dl/) on PATH to build Jaeger ${JAEGER_VERSION} once; ` +
    'or set ATALAIA_JAEGER_BINARY to a jaeger binary (cmd/jaeger, v2)',
);

/** The module's directory in Go's module cache, downloaded from the Go module proxy if needed. */
function downloadModule(): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('go', jaegerDownloadArgs(), { timeout: GO_TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return reject(missingGo);
      // With -json, go reports a failed download in the JSON (and exits non-zero).
      const answer = parseJson(stdout);
      if (answer?.Dir && !error) return resolvePromise(answer.Dir);
      reject(new Error(`go ${jaegerDownloadArgs().join(' ')} failed: ${answer?.Error ?? error?.message ?? 'no Dir'}\n${stderr}`));
    });
  });
}

function parseJson(text: string): { Dir?: string; Error?: string } | undefined {
  try {
    return JSON.parse(text) as { Dir?: string; Error?: string };
  } catch {
    return undefined;
  }
}

/** The build can take minutes: it runs as a managed process, so it dies with us, and keeps its last lines for the error. */
async function runGoBuild(args: string[], cwd: string, env: Record<string, string>): Promise<void> {
  const child = spawn('go', args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const build = manageProcess(child, { exitSignal: 'SIGINT', tailLines: 40 });
  const timer = setTimeout(() => void build.stop('SIGINT', 5_000), GO_TIMEOUT_MS);
  const exit = await build.exited.finally(() => clearTimeout(timer));
  await build.closed;
  if ((exit.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw missingGo;
  if (exit.code !== 0) throw new Error(`go ${args.join(' ')} (in ${cwd}) ${describeExit(exit)}\n${build.logTail()}`);
}
