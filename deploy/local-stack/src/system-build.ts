import { join } from 'node:path';
import { findRepoRoot } from './repo-root';

interface BuildScript {
  build(options?: { force?: boolean; log?: (line: string) => void }): Promise<string[]>;
}

/**
 * Compiles the services and the launcher to JavaScript when their sources
 * changed, with the same cached build `npm start` runs (deploy/build.cjs), so
 * a test starts what ships. Returns the outputs written (none when current).
 */
export function buildSystem(log?: (line: string) => void): Promise<string[]> {
  const script = require(join(findRepoRoot(), 'deploy', 'build.cjs')) as BuildScript;
  return script.build({ log });
}
