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
          store: new RateLimitStore(prisma),
          defaultPerMinute: config.RATE_LIMIT_PER_MINUTE,
          windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
        },
        healthChecks: { ...healthChecks, kafka: kafkaReadiness.isReachable },
      });
      app.addHook('onClose', () => kafkaReadiness.close());
      return app;
    },
  });
}
