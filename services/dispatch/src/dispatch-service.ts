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
import type { DispatchConfig } from './config';
import { createDispatchCommandConsumer } from './consumers/dispatch-command-consumer';
import { createOccurrenceEventConsumer } from './consumers/occurrence-event-consumer';
import { DispatchRepository } from './db/dispatch-repository';
import { OccurrenceViewStore } from './db/occurrence-view-store';
import { registerDispatchRoutes } from './http/dispatch-routes';
import { createDispatchPrisma } from './db/prisma';

export interface RunningDispatchService {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/** Wires and starts the dispatch service. */
export async function startDispatchService(config: DispatchConfig): Promise<RunningDispatchService> {
  const logger = createLogger('dispatch', config.LOG_LEVEL);
  const topics = topicNames(config.KAFKA_TOPIC_NAMESPACE);
  const prisma = createDispatchPrisma(config.DATABASE_URL);
  const kafka = createKafkaClient({ clientId: 'atalaia-dispatch', brokers: config.KAFKA_BROKERS, logger });
  const deps = {
    kafka,
    prisma,
    topics,
    logger,
    topicNamespace: config.KAFKA_TOPIC_NAMESPACE,
    dispatches: new DispatchRepository(prisma),
    views: new OccurrenceViewStore(),
    occurrenceViewGraceMs: config.OCCURRENCE_VIEW_GRACE_MS,
  };

  await ensureTopics(kafka, [topics.occurrenceEvents, topics.dispatchCommands]);
  const consumers = [createOccurrenceEventConsumer(deps), createDispatchCommandConsumer(deps)];
  await Promise.all(consumers.map((consumer) => consumer.start()));

  const retention = { outboxRetentionHours: config.OUTBOX_RETENTION_HOURS, processedMessageRetentionHours: config.PROCESSED_MESSAGE_RETENTION_HOURS };
  const purger = new RetentionPurger(prisma, [outboxRetentionRule(retention), processedMessageRetentionRule(retention)], config.RETENTION_PURGE_INTERVAL_SECONDS * 1000, logger);
  purger.start();

  const app = await createServiceApp({ name: 'dispatch', logger, healthChecks: { database: () => isDatabaseReachable(prisma) } });
  await registerDispatchRoutes(app, deps.dispatches);
  const url = await app.listen({ host: config.HOST, port: config.PORT });
  logger.info({ url }, 'dispatch service listening');

  return {
    app,
    url,
    stop: async () => {
      await app.close();
      await purger.stop();
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await prisma.$disconnect();
    },
  };
}
