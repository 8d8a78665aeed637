import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh directory under the OS temp dir that other users may traverse (not
 * list): under root, PostgreSQL runs as the postgres user and must reach its
 * data dir inside, which mkdtemp's 0700 would forbid.
 */
export async function createTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await chmod(dir, 0o711);
  return dir;
}
