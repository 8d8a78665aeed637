import { createPostgresPool, outboxRetentionRule, processedMessageRetentionRule } from '@atalaia/database';
import { startServiceHost, type RunningServiceHost } from '@atalaia/service-runtime';
import { createLogger } from '@atalaia/telemetry';
import type { OccurrenceConfig } from './config';
import { createOccurrenceCommandConsumer } from './consumers/occurrence-command-consumer';
import { OccurrenceRepository } from './db/occurrence-repository';
import { createOccurrencePrisma } from './db/prisma';
import { noGeocoder } from './geocoding/geocoder';
import { nominatimGeocoder } from './geocoding/nominatim-geocoder';
import { registerOccurrenceRoutes } from './http/occurrence-routes';

export type RunningOccurrenceService = RunningServiceHost;

/** Wires and starts the occurrence service: command consumer and read API, on one connection pool. */
export async function startOccurrenceService(config: OccurrenceConfig): Promise<RunningOccurrenceService> {
  // The host builds its logger only once started; the pool needs one before.
  const poolLogger = createLogger('occurrence', config.LOG_LEVEL).child({ component: 'postgres-pool' });
  const pool = createPostgresPool(config.DATABASE_URL, {
    onIdleError: (error) => poolLogger.warn({ err: error }, 'idle database connection failed; the pool replaces it'),
  });
  const prisma = createOccurrencePrisma(pool);
  const repository = new OccurrenceRepository(prisma);
  const geocoder = config.GEOCODER_URL
    ? nominatimGeocoder({ url: config.GEOCODER_URL, timeoutMs: config.GEOCODER_TIMEOUT_MS, userAgent: 'atalaia-occurrence', logger: poolLogger.child({ component: 'geocoder' }) })
    : noGeocoder;
  return startServiceHost({
    name: 'occurrence',
    config,
    database: prisma,
    pool,
    retentionRules: (settings) => [outboxRetentionRule(settings), processedMessageRetentionRule(settings)],
    topics: (topics) => [topics.occurrenceCommands],
    consumers: (context) => [createOccurrenceCommandConsumer({ ...context, pool, repository, geocoder })],
    routes: (app) => registerOccurrenceRoutes(app, repository),
  });
}
