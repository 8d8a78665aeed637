import { createPostgresPool, pgTransactions, processedMessageRetentionRule } from '@atalaia/database';
import { startServiceHost, type RunningServiceHost } from '@atalaia/service-runtime';
import { createLogger } from '@atalaia/telemetry';
import type { AuditConfig } from './config';
import { createAuditEventConsumer } from './consumers/audit-event-consumer';
import { AuditTrail } from './db/audit-trail';
import { createAuditPrisma } from './db/prisma';
import { registerAuditRoutes } from './http/audit-routes';

export type RunningAuditService = RunningServiceHost;

/**
 * Wires and starts the audit service: audit-event consumer and trail API. The trail itself is never purged.
 * One pool serves the consumer's `pg` transactions and the Prisma client of the reads; the host ends it
 * after the consumers have stopped and the client has disconnected.
 */
export async function startAuditService(config: AuditConfig): Promise<RunningAuditService> {
  const logger = createLogger('audit', config.LOG_LEVEL).child({ component: 'database' });
  const pool = createPostgresPool(config.DATABASE_URL, {
    onIdleError: (error) => logger.warn({ err: error }, 'idle database connection lost; the pool replaces it'),
  });
  const prisma = createAuditPrisma(pool);
  const trail = new AuditTrail(prisma);
  return startServiceHost({
    name: 'audit',
    config,
    database: prisma,
    pool,
    retentionRules: (settings) => [processedMessageRetentionRule(settings)],
    topics: (topics) => [topics.auditEvents],
    consumers: (context) => [createAuditEventConsumer({ ...context, transaction: pgTransactions(pool), trail })],
    routes: (app) => registerAuditRoutes(app, trail),
  });
}
