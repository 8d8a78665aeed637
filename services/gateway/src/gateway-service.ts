import { KafkaReadinessCheck } from '@atalaia/kafka';
import { startServiceHost, type RunningServiceHost } from '@atalaia/service-runtime';
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

/** Wires and starts the gateway: public HTTP API, command-result consumer, retention purge. */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const prisma = createGatewayPrisma(config.DATABASE_URL);
  const store = new CommandStore(prisma);
  return startServiceHost({
    name: 'gateway',
    config,
    database: prisma,
    retentionRules: gatewayRetentionRules,
    topics: (topics) => [topics.commandResults, topics.occurrenceCommands, topics.dispatchCommands],
    consumers: (context) => [createCommandResultConsumer({ ...context, prisma, store })],
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
