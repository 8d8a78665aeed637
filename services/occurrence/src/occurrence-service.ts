import type { FastifyInstance } from 'fastify';
import { topicNames } from '@atalaia/contracts';
import {
  isDatabaseReachable,
  outboxRetentionRule,
  processedMessageRetentionRule,
  RetentionPurger,
} from '@atalaia/database';
import { createServiceApp } from '@atalaia/http';
import { createKafkaClient, ensureTopics } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import type { OccurrenceConfig } from './config';
import { createOccurrenceCommandConsumer } from './consumers/occurrence-command-consumer';
import { OccurrenceRepository } from './db/occurrence-repository';
import { createOccurrencePrisma } from './db/prisma';
import { registerOccurrenceRoutes } from './http/occurrence-routes';

export interface RunningOccurrenceService {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/** Wires and starts the occurrence service: command consumer and read API. */
export async function startOccurrenceService(config: OccurrenceConfig): Promise<RunningOccurrenceService> {
  const logger = createLogger('occurrence', config.LOG_LEVEL);
  const topics = topicNames(config.KAFKA_TOPIC_NAMESPACE);
  const prisma = createOccurrencePrisma(config.DATABASE_URL);
  const kafka = createKafkaClient({ clientId: 'atalaia-occurrence', brokers: config.KAFKA_BROKERS, logger });
  const repository = new OccurrenceRepository(prisma);

  await ensureTopics(kafka, [topics.occurrenceCommands]);
  const consumer = createOccurrenceCommandConsumer({
    kafka,
    prisma,
    repository,
    topics,
    topicNamespace: config.KAFKA_TOPIC_NAMESPACE,
    logger,
  });
  await consumer.start();

  const retention = { outboxRetentionHours: config.OUTBOX_RETENTION_HOURS, processedMessageRetentionHours: config.PROCESSED_MESSAGE_RETENTION_HOURS };
  const purger = new RetentionPurger(prisma, [outboxRetentionRule(retention), processedMessageRetentionRule(retention)], config.RETENTION_PURGE_INTERVAL_SECONDS * 1000, logger);
  purger.start();

  const app = await createServiceApp({
    name: 'occurrence',
    logger,
    healthChecks: { database: () => isDatabaseReachable(prisma) },
  });
  await registerOccurrenceRoutes(app, repository);
  const url = await app.listen({ host: config.HOST, port: config.PORT });
  logger.info({ url }, 'occurrence service listening');

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
