import { processedMessageRetentionRule } from '@atalaia/database';
import { startServiceHost, type RunningServiceHost } from '@atalaia/service-runtime';
import type { AuditConfig } from './config';
import { createAuditEventConsumer } from './consumers/audit-event-consumer';
import { AuditTrail } from './db/audit-trail';
import { createAuditPrisma } from './db/prisma';
import { registerAuditRoutes } from './http/audit-routes';

export type RunningAuditService = RunningServiceHost;

/** Wires and starts the audit service: audit-event consumer and trail API. The trail itself is never purged. */
export async function startAuditService(config: AuditConfig): Promise<RunningAuditService> {
  const prisma = createAuditPrisma(config.DATABASE_URL);
  const trail = new AuditTrail(prisma);
  return startServiceHost({
    name: 'audit',
    config,
    database: prisma,
    retentionRules: (settings) => [processedMessageRetentionRule(settings)],
    topics: (topics) => [topics.auditEvents],
    consumers: (context) => [createAuditEventConsumer({ ...context, prisma, trail })],
    routes: (app) => registerAuditRoutes(app, trail),
  });
}
