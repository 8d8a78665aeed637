import type { FastifyInstance } from 'fastify';
import { topicNames } from '@atalaia/contracts';
import { isDatabaseReachable, RetentionPurger } from '@atalaia/database';
import { createKafkaClient, ensureTopics, isKafkaReachable, type MessageConsumer } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import type { GatewayConfig } from './config';
import { createCommandResultConsumer } from './consumers/command-result-consumer';
import { CommandStore } from './db/command-store';
import { createGatewayPrisma } from './db/prisma';
import { DevelopmentKeyResolver, ResolverChain, StoredClientResolver, type ApiClientResolver } from './http/authentication';
import { ApiClientStore } from './db/api-client-store';
import { RateLimitStore } from './db/rate-limit-store';
import { gatewayRetentionRules } from './db/retention-rules';
import { buildGatewayApp } from './http/build-app';

export interface RunningGateway {
  app: FastifyInstance;
  /** Base URL the gateway listens on, e.g. http://127.0.0.1:8000. */
  url: string;
  stop(): Promise<void>;
}

/** Wires and starts the gateway: HTTP app, command-result consumer, database and Kafka clients. */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const topics = topicNames(config.KAFKA_TOPIC_NAMESPACE);
  const prisma = createGatewayPrisma(config.DATABASE_URL);
  const kafka = createKafkaClient({ clientId: 'atalaia-gateway', brokers: config.KAFKA_BROKERS, logger });
  const store = new CommandStore(prisma);
  const resolvers: ApiClientResolver[] = [new StoredClientResolver(new ApiClientStore(prisma), logger)];
  if (config.API_KEY) resolvers.push(new DevelopmentKeyResolver(config.API_KEY, config.DEV_AGENCY_ID));
  const resolver = new ResolverChain(resolvers);

  await ensureTopics(kafka, [topics.commandResults, topics.occurrenceCommands, topics.dispatchCommands]);
  const consumer: MessageConsumer = createCommandResultConsumer({
    kafka,
    prisma,
    store,
    topics,
    topicNamespace: config.KAFKA_TOPIC_NAMESPACE,
    logger,
  });
  await consumer.start();

  const retention = { outboxRetentionHours: config.OUTBOX_RETENTION_HOURS, processedMessageRetentionHours: config.PROCESSED_MESSAGE_RETENTION_HOURS };
  const purger = new RetentionPurger(prisma, gatewayRetentionRules(retention), config.RETENTION_PURGE_INTERVAL_SECONDS * 1000, logger);
  purger.start();

  const app = await buildGatewayApp({
    logger,
    store,
    resolver,
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
    healthChecks: { database: () => isDatabaseReachable(prisma), kafka: () => isKafkaReachable(kafka) },
  });
  const url = await app.listen({ host: config.HOST, port: config.PORT });
  logger.info({ url }, 'gateway listening');

  return {
    app,
    url,
    stop: async () => {
      await app.close();
      await purger.stop();
      await consumer.stop();
      await prisma.$disconnect();
    },
  };
}
