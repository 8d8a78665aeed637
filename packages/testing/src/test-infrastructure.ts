import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { applyMigrations } from '@atalaia/database';

export const TEST_POSTGRES_URL_ENV = 'ATALAIA_TEST_POSTGRES_URL';
export const TEST_KAFKA_BROKERS_ENV = 'ATALAIA_TEST_KAFKA_BROKERS';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: integration tests run through the jest integration project`);
  return value;
}

export function testKafkaBrokers(): string[] {
  return required(TEST_KAFKA_BROKERS_ENV).split(',');
}

/** A short random suffix that keeps names of concurrent tests apart. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** A topic namespace no other test uses. */
export function uniqueTopicNamespace(label: string): string {
  return `t-${label}-${uniqueSuffix()}`;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database with `migrationsDir` applied by the project's migration
 * runner, on the run's shared server or on `adminUrl`'s (a test's private one).
 */
export async function createTestDatabase(label: string, migrationsDir?: string, adminUrl = required(TEST_POSTGRES_URL_ENV)): Promise<TestDatabase> {
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${uniqueSuffix()}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (migrationsDir) await applyMigrations(url.toString(), migrationsDir);
  return {
    name,
    url: url.toString(),
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
