import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { findRepoRoot } from './repo-root';

const MARKER = '.atalaia-complete';
const MVN_TIMEOUT_MS = 10 * 60_000;

let pending: Promise<string> | undefined;

/**
 * The JVM classpath of a Kafka broker. The jars come from Maven Central through
 * deploy/kafka/pom.xml into <repo>/.atalaia/kafka-libs-<version>/, once: a marker
 * holding the pom's hash is written after a complete copy, so later calls (and
 * later runs) skip Maven. ATALAIA_KAFKA_LIBS names another directory; one that
 * already holds a kafka_2.13 jar is used as it is.
 */
export function resolveKafkaClasspath(): Promise<string> {
  pending ??= resolveLibsDir().then(
    (dir) => join(dir, '*'),
    (error: unknown) => {
      pending = undefined;
      throw error;
    },
  );
  return pending;
}

async function resolveLibsDir(): Promise<string> {
  const root = findRepoRoot();
  const pomPath = join(root, 'deploy', 'kafka', 'pom.xml');
  const pom = await readFile(pomPath, 'utf8');
  const fingerprint = createHash('sha256').update(pom).digest('hex');
  const override = process.env.ATALAIA_KAFKA_LIBS;
  const dir = override ? resolve(override) : join(root, '.atalaia', `kafka-libs-${kafkaVersion(pom)}`);
  if (override && (await holdsKafkaJar(dir))) return dir;
  if (await isComplete(dir, fingerprint)) return dir;
  await copyDependencies(pomPath, dir, fingerprint);
  return dir;
}

/** The broker version deploy/kafka/pom.xml pins (`kafka.version`): the only place it is set. */
export function kafkaVersion(pom: string): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom);
  if (!match?.[1]) throw new Error('deploy/kafka/pom.xml has no <kafka.version> property');
  return match[1].trim();
}

async function holdsKafkaJar(dir: string): Promise<boolean> {
  const files = await readdir(dir).catch(() => [] as string[]);
  return files.some((file) => /^kafka_2\.13-.*\.jar$/.test(file));
}

async function isComplete(dir: string, fingerprint: string): Promise<boolean> {
  const marker = await readFile(join(dir, MARKER), 'utf8').catch(() => undefined);
  return marker?.trim() === fingerprint;
}

// Copies into a private directory first and renames it into place, so a
// concurrent run never sees half a classpath.
async function copyDependencies(pomPath: string, dir: string, fingerprint: string): Promise<void> {
  const staging = `${dir}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await runMaven(pomPath, staging);
    await writeFile(join(staging, MARKER), `${fingerprint}\n`);
    if (await isComplete(dir, fingerprint)) return;
    if (existsSync(dir)) await rm(dir, { recursive: true, force: true });
    await rename(staging, dir).catch(async (error: unknown) => {
      if (!(await isComplete(dir, fingerprint))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function runMaven(pomPath: string, outputDir: string): Promise<void> {
  const args = [
    '-q',
    '-B',
    '-f',
    pomPath,
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${outputDir}`,
  ];
  return new Promise((resolvePromise, reject) => {
    execFile('mvn', args, { timeout: MVN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) {
        resolvePromise();
        return;
      }
      const output = `${stdout}${stderr}`.trim().split('\n').slice(-40).join('\n');
      reject(new Error(`mvn ${args.join(' ')} failed: ${error.message}\n${output}`));
    });
  });
}
