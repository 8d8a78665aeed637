import { outboxRetentionRule, processedMessageRetentionRule } from '@atalaia/database';
import { startServiceHost, type RunningServiceHost } from '@atalaia/service-runtime';
import type { OccurrenceConfig } from './config';
import { createOccurrenceCommandConsumer } from './consumers/occurrence-command-consumer';
import { OccurrenceRepository } from './db/occurrence-repository';
import { createOccurrencePrisma } from './db/prisma';
import { registerOccurrenceRoutes } from './http/occurrence-routes';

export type RunningOccurrenceService = RunningServiceHost;

/** Wires and starts the occurrence service: command consumer and read API. */
export async function startOccurrenceService(config: OccurrenceConfig): Promise<RunningOccurrenceService> {
  const prisma = createOccurrencePrisma(config.DATABASE_URL);
  const repository = new OccurrenceRepository(prisma);
  return startServiceHost({
    name: 'occurrence',
    config,
    database: prisma,
    retentionRules: (settings) => [outboxRetentionRule(settings), processedMessageRetentionRule(settings)],
    topics: (topics) => [topics.occurrenceCommands],
    consumers: (context) => [createOccurrenceCommandConsumer({ ...context, prisma, repository })],
    routes: (app) => registerOccurrenceRoutes(app, repository),
  });
}
