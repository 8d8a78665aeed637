import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const executable = (file: string) =>
  access(file, constants.X_OK).then(
    () => true,
    () => false,
  );

/** An absolute path as it is; a bare name looked up on PATH. */
async function locate(binary: string): Promise<string | undefined> {
  if (isAbsolute(binary)) return (await executable(binary)) ? binary : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    if (await executable(join(dir, binary))) return join(dir, binary);
  }
  return undefined;
}

/** apt-get as root, or through passwordless sudo. */
async function aptGet(args: string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const [command, commandArgs] = asRoot ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]];
  await run(command, commandArgs, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, maxBuffer: 64 * 1024 * 1024 });
}

/**
 * The path of `binary` (absolute, or a name on PATH), installing the Debian
 * `packages` that provide it when it is missing, so `npm test` needs nothing
 * installed by hand on a clean machine. The package index is refreshed only
 * when the first attempt fails (a fresh image has none, or a stale one).
 */
export async function ensureDebianPackage(binary: string, packages: string[]): Promise<string> {
  const found = await locate(binary);
  if (found) return found;
  const install = ['install', '-y', '--no-install-recommends', ...packages];
  try {
    await aptGet(install);
  } catch {
    await aptGet(['update']);
    await aptGet(install);
  }
  const installed = await locate(binary);
  if (!installed) throw new Error(`apt-get installed ${packages.join(', ')}, but ${binary} is not there`);
  return installed;
}
