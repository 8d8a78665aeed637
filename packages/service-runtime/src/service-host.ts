import type { FastifyInstance } from 'fastify';
import type { Kafka } from 'kafkajs';
import { topicNames, type Topics } from '@atalaia/contracts';
import { endPostgresPool, isDatabaseReachable, RetentionPurger, type PostgresPool, type RetentionRule, type RetentionSettings, type SqlExecutor } from '@atalaia/database';
import { createServiceApp, type HealthChecks } from '@atalaia/http';
import { createKafkaClient, ensureTopics, kafkaSecurityOf, type KafkaSecuritySettings, type MessageConsumer } from '@atalaia/kafka';
import { createLogger, type Logger } from '@atalaia/telemetry';

/** The settings every database-backed service reads (see `configFields` and `retentionConfigFields`). */
export interface ServiceHostConfig {
  HOST: string;
  PORT: number;
  KAFKA_BROKERS: string[];
  KAFKA_SASL_MECHANISM: KafkaSecuritySettings['KAFKA_SASL_MECHANISM'];
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
  KAFKA_TLS: boolean;
  KAFKA_TLS_CA_FILE?: string | undefined;
  KAFKA_TOPIC_NAMESPACE: string;
  KAFKA_TOPIC_PARTITIONS: number;
  KAFKA_CONSUMER_CONCURRENCY: number;
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  OUTBOX_RETENTION_HOURS: number;
  PROCESSED_MESSAGE_RETENTION_HOURS: number;
  RETENTION_PURGE_INTERVAL_SECONDS: number;
  /** The key the gateway signs access contexts with; the service app checks them with it. */
  ACCESS_CONTEXT_SIGNING_KEY: string;
}

/** What a service's consumers and routes are built from. */
export interface ServiceContext {
  logger: Logger;
  kafka: Kafka;
  topics: Topics;
  topicNamespace: string;
}

export interface ServiceHostOptions {
  name: string;
  config: ServiceHostConfig;
  database: SqlExecutor & { $disconnect(): Promise<void> };
  /** The pool under `database` and the consumers' transactions: ended last, after the client disconnects. */
  pool?: PostgresPool;
  retentionRules(settings: RetentionSettings): RetentionRule[];
  /** Topics this service consumes or needs to exist before it starts. */
  topics(topics: Topics): string[];
  consumers(context: ServiceContext): MessageConsumer[];
  /** Builds the HTTP app; by default the standard service app with a database readiness check. */
  buildApp?(context: ServiceContext, healthChecks: HealthChecks): Promise<FastifyInstance>;
  routes?(app: FastifyInstance, context: ServiceContext): Promise<void>;
}

export interface RunningServiceHost {
  app: FastifyInstance;
  url: string;
  context: ServiceContext;
  stop(): Promise<void>;
}

/**
 * Starts what every database-backed service runs: its consumers, its retention
 * purge and its HTTP app, and stops them in the reverse order (no new
 * requests, then no new messages, then the database).
 */
export async function startServiceHost(options: ServiceHostOptions): Promise<RunningServiceHost> {
  const { config, database, name } = options;
  const logger = createLogger(name, config.LOG_LEVEL);
  const topics = topicNames(config.KAFKA_TOPIC_NAMESPACE);
  const kafka = createKafkaClient({
    clientId: `atalaia-${name}`,
    brokers: config.KAFKA_BROKERS,
    security: kafkaSecurityOf(config),
    logger,
    settings: { topicPartitions: config.KAFKA_TOPIC_PARTITIONS, consumerConcurrency: config.KAFKA_CONSUMER_CONCURRENCY },
  });
  const context: ServiceContext = { logger, kafka, topics, topicNamespace: config.KAFKA_TOPIC_NAMESPACE };

  // The first query of a Prisma client loads its query engine (about a second):
  // done now, while Kafka topics and consumer groups are set up, rather than in
  // the first readiness probe.
  const databaseWarmed = isDatabaseReachable(database);
  await ensureTopics(kafka, options.topics(topics));
  const consumers = options.consumers(context);
  await Promise.all(consumers.map((consumer) => consumer.start()));

  const retention = {
    outboxRetentionHours: config.OUTBOX_RETENTION_HOURS,
    processedMessageRetentionHours: config.PROCESSED_MESSAGE_RETENTION_HOURS,
  };
  const purger = new RetentionPurger(database, options.retentionRules(retention), config.RETENTION_PURGE_INTERVAL_SECONDS * 1000, logger);
  purger.start();

  const healthChecks: HealthChecks = { database: () => isDatabaseReachable(database) };
  const app = options.buildApp
    ? await options.buildApp(context, healthChecks)
    : await createServiceApp({ name, logger, healthChecks, accessContextKey: config.ACCESS_CONTEXT_SIGNING_KEY });
  await options.routes?.(app, context);
  await databaseWarmed;
  const url = await app.listen({ host: config.HOST, port: config.PORT });
  logger.info({ url }, `${name} listening`);

  return {
    app,
    url,
    context,
    stop: async () => {
      await app.close();
      await purger.stop();
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      try {
        await database.$disconnect();
      } finally {
        if (options.pool) await endPostgresPool(options.pool);
      }
    },
  };
}
