import type { FastifyInstance } from 'fastify';
import { topicNames } from '@atalaia/contracts';
import {
  isDatabaseReachable,
  processedMessageRetentionRule,
  RetentionPurger,
} from '@atalaia/database';
import { createServiceApp } from '@atalaia/http';
import { createKafkaClient, ensureTopics } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import type { AuditConfig } from './config';
import { createAuditEventConsumer } from './consumers/audit-event-consumer';
import { AuditTrail } from './db/audit-trail';
import { createAuditPrisma } from './db/prisma';
import { registerAuditRoutes } from './http/audit-routes';

export interface RunningAuditService {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

/** Wires and starts the audit service: audit-event consumer and trail API. */
export async function startAuditService(config: AuditConfig): Promise<RunningAuditService> {
  const logger = createLogger('audit', config.LOG_LEVEL);
  const topics = topicNames(config.KAFKA_TOPIC_NAMESPACE);
  const prisma = createAuditPrisma(config.DATABASE_URL);
  const kafka = createKafkaClient({ clientId: 'atalaia-audit', brokers: config.KAFKA_BROKERS, logger });
  const trail = new AuditTrail(prisma);

  await ensureTopics(kafka, [topics.auditEvents]);
  const consumer = createAuditEventConsumer({ kafka, prisma, trail, topics, topicNamespace: config.KAFKA_TOPIC_NAMESPACE, logger });
  await consumer.start();

  const retention = { outboxRetentionHours: config.OUTBOX_RETENTION_HOURS, processedMessageRetentionHours: config.PROCESSED_MESSAGE_RETENTION_HOURS };
  const purger = new RetentionPurger(prisma, [processedMessageRetentionRule(retention)], config.RETENTION_PURGE_INTERVAL_SECONDS * 1000, logger);
  purger.start();

  const app = await createServiceApp({ name: 'audit', logger, healthChecks: { database: () => isDatabaseReachable(prisma) } });
  await registerAuditRoutes(app, trail);
  const url = await app.listen({ host: config.HOST, port: config.PORT });
  logger.info({ url }, 'audit service listening');

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
