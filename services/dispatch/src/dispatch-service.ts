import type { FastifyInstance } from 'fastify';
import { topicNames } from '@atalaia/contracts';
import { isDatabaseReachable } from '@atalaia/database';
import { createServiceApp } from '@atalaia/http';
import { createKafkaClient, ensureTopics } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import type { DispatchConfig } from './config';
import { createOccurrenceEventConsumer } from './consumers/occurrence-event-consumer';
import { OccurrenceViewStore } from './db/occurrence-view-store';
import { createDispatchPrisma } from './db/prisma';

export interface RunningDispatchService {
  app: FastifyInstance;
  url: string;
  views: OccurrenceViewStore;
  stop(): Promise<void>;
}

/** Wires and starts the dispatch service. */
export async function startDispatchService(config: DispatchConfig): Promise<RunningDispatchService> {
  const logger = createLogger('dispatch', config.LOG_LEVEL);
  const topics = topicNames(config.KAFKA_TOPIC_NAMESPACE);
  const prisma = createDispatchPrisma(config.DATABASE_URL);
  const kafka = createKafkaClient({ clientId: 'atalaia-dispatch', brokers: config.KAFKA_BROKERS, logger });
  const views = new OccurrenceViewStore(prisma);

  await ensureTopics(kafka, [topics.occurrenceEvents, topics.dispatchCommands]);
  const consumer = createOccurrenceEventConsumer({ kafka, prisma, views, topics, topicNamespace: config.KAFKA_TOPIC_NAMESPACE, logger });
  await consumer.start();

  const app = await createServiceApp({ name: 'dispatch', logger, healthChecks: { database: () => isDatabaseReachable(prisma) } });
  const url = await app.listen({ host: config.HOST, port: config.PORT });
  logger.info({ url }, 'dispatch service listening');

  return {
    app,
    url,
    views,
    stop: async () => {
      await app.close();
      await consumer.stop();
      await prisma.$disconnect();
    },
  };
}
