import { createPostgresPool } from '@atalaia/database';
import { KafkaReadinessCheck } from '@atalaia/kafka';
import { startServiceHost, type RunningServiceHost } from '@atalaia/service-runtime';
import { createLogger } from '@atalaia/telemetry';
import type { GatewayConfig } from './config';
import { createCommandResultConsumer } from './consumers/command-result-consumer';
import { ApiClientStore } from './db/api-client-store';
import { CommandStore } from './db/command-store';
import { createGatewayPrisma } from './db/prisma';
import { RateLimitStore } from './db/rate-limit-store';
import { gatewayRetentionRules } from './db/retention-rules';
import { DevelopmentKeyResolver, ResolverChain, StoredClientResolver, type ApiClientResolver } from './http/authentication';
import { buildGatewayApp } from './http/build-app';
import { RateLimitCounter } from './http/rate-limit-counter';

export type RunningGateway = RunningServiceHost;

/**
 * Connections in the gateway's one pool. Accepts share a few statements
 * (group commit) but a batch that fails is retried one request at a time, up
 * to a batch's worth at once; command reads, the result consumer (one per
 * batch), the rate-limit flush, API-client lookups, the retention purge and
 * readiness probes take the rest.
 */
const DATABASE_POOL_SIZE = 40;

/** Wires and starts the gateway: public HTTP API, command-result consumer, retention purge. */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const databaseLogger = createLogger('gateway', config.LOG_LEVEL).child({ component: 'database' });
  const pool = createPostgresPool(config.DATABASE_URL, {
    max: DATABASE_POOL_SIZE,
    onIdleError: (error) => databaseLogger.warn({ err: error }, 'an idle database connection failed; the pool dropped it'),
  });
  const prisma = createGatewayPrisma(pool);
  const store = new CommandStore(prisma, {
    onBatchFailure: (error, items) => databaseLogger.warn({ err: error, items }, 'a batch of accepts failed as a whole; each is retried alone'),
  });
  return startServiceHost({
    name: 'gateway',
    config,
    database: prisma,
    pool,
    retentionRules: gatewayRetentionRules,
    topics: (topics) => [topics.commandResults, topics.occurrenceCommands, topics.dispatchCommands],
    consumers: (context) => [createCommandResultConsumer({ ...context, pool })],
    buildApp: async ({ logger, kafka, topics }, healthChecks) => {
      const kafkaReadiness = new KafkaReadinessCheck(kafka);
      const resolvers: ApiClientResolver[] = [new StoredClientResolver(new ApiClientStore(prisma), logger)];
      if (config.API_KEY) resolvers.push(new DevelopmentKeyResolver(config.API_KEY, config.DEV_AGENCY_ID));
      const rateLimitCounter = new RateLimitCounter(new RateLimitStore(prisma), {
        windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
        flushIntervalMs: config.RATE_LIMIT_FLUSH_INTERVAL_MS,
        onFlushError: (error) => logger.warn({ err: error }, 'could not add rate-limit counts; will retry'),
      });
      const app = await buildGatewayApp({
        logger,
        store,
        resolver: new ResolverChain(resolvers),
        authFailuresPerMinute: config.AUTH_FAILURES_PER_MINUTE,
        topics,
        idempotencyTtlHours: config.IDEMPOTENCY_TTL_HOURS,
        occurrenceServiceUrl: config.OCCURRENCE_SERVICE_URL,
        dispatchServiceUrl: config.DISPATCH_SERVICE_URL,
        auditServiceUrl: config.AUDIT_SERVICE_URL,
        rateLimit: {
          counter: rateLimitCounter,
          defaultPerMinute: config.RATE_LIMIT_PER_MINUTE,
          windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
        },
        healthChecks: { ...healthChecks, kafka: kafkaReadiness.isReachable },
      });
      rateLimitCounter.start();
      app.addHook('onClose', () => kafkaReadiness.close());
      app.addHook('onClose', () => rateLimitCounter.stop());
      return app;
    },
  });
}
