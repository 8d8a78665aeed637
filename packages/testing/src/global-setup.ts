import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTempDir, startEmbeddedPostgres, startKafkaBroker } from '@atalaia/local-stack';
import { TEST_KAFKA_BROKERS_ENV, TEST_POSTGRES_URL_ENV } from './test-infrastructure';

/**
 * Starts one real PostgreSQL and one real Kafka broker for the whole test run
 * (unless the environment already points at running ones). Tests isolate
 * themselves by database and topic names.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env[TEST_POSTGRES_URL_ENV] && process.env[TEST_KAFKA_BROKERS_ENV]) return;
  const root = await createTempDir('atalaia-test-');
  const [postgres, kafka] = await Promise.all([
    startEmbeddedPostgres({ dataDir: join(root, 'postgres'), durability: 'fast' }),
    startKafkaBroker({ dataDir: join(root, 'kafka') }),
  ]);
  process.env[TEST_POSTGRES_URL_ENV] = postgres.url('postgres');
  process.env[TEST_KAFKA_BROKERS_ENV] = kafka.brokers.join(',');
  globalThis.__atalaiaTestStack = {
    stop: async () => {
      await Promise.allSettled([kafka.stop(), postgres.stop()]);
      await rm(root, { recursive: true, force: true });
    },
  };
}

declare global {
  var __atalaiaTestStack: { stop(): Promise<void> } | undefined;
}
