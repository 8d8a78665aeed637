import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
// The registry as the services build it: its default (process) metrics carry the real prefix.
import { metricsRegistry } from '@atalaia/telemetry';

const skippedDirs = new Set(['node_modules', 'dist', 'generated']);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return skippedDirs.has(entry.name) ? [] : sourceFiles(path);
      return /\.tsx?$/.test(entry.name) ? [path] : [];
    }),
  );
  return nested.flat();
}

/**
 * Every metric name the code registers: `name: 'atalaia_…'` in the sources of
 * packages and services, plus the registry's default process metrics. A metric
 * renamed in the code disappears from here, and a query naming it fails.
 */
export async function registeredMetricNames(root: string): Promise<Set<string>> {
  const names = new Set((await metricsRegistry.getMetricsAsJSON()).map((metric) => metric.name));
  const workspaces = await Promise.all(['packages', 'services'].map((folder) => readdir(join(root, folder))));
  const roots = ['packages', 'services'].flatMap((folder, index) => workspaces[index]!.map((name) => join(root, folder, name, 'src')));
  for (const file of (await Promise.all(roots.map(sourceFiles))).flat()) {
    for (const match of (await readFile(file, 'utf8')).matchAll(/name:\s*'(atalaia_[a-z0-9_]+)'/g)) names.add(match[1]!);
  }
  return names;
}

/** The `atalaia_…` metric names a PromQL expression (or a rules file) reads; recorded names (`a:atalaia_b:c`) are not metrics. */
export const atalaiaNamesIn = (promql: string): string[] => [...promql.matchAll(/(?<![\w:])atalaia_[a-z0-9_]+(?![\w:])/g)].map((match) => match[0]);

/** Recording-rule names (`level:metric:operations`) an expression reads. */
export const recordedNamesIn = (promql: string): string[] => [...promql.matchAll(/(?<![\w:])[a-z_][a-z0-9_]*:[a-z0-9_:]+/g)].map((match) => match[0]);

/** A histogram's series (`_bucket`, `_count`, `_sum`) belong to its registered name. */
export function isRegistered(name: string, registered: Set<string>): boolean {
  if (registered.has(name)) return true;
  const histogram = /^(.+)_(bucket|count|sum)$/.exec(name);
  return histogram !== null && registered.has(histogram[1]!);
}
