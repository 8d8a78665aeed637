import { outboxRetentionRule, processedMessageRetentionRule } from '@atalaia/database';
import { startServiceHost, type RunningServiceHost } from '@atalaia/service-runtime';
import type { DispatchConfig } from './config';
import { createDispatchCommandConsumer } from './consumers/dispatch-command-consumer';
import { createOccurrenceEventConsumer } from './consumers/occurrence-event-consumer';
import { DispatchRepository } from './db/dispatch-repository';
import { OccurrenceViewStore } from './db/occurrence-view-store';
import { createDispatchPrisma } from './db/prisma';
import { FirstSeenClock } from './domain/first-seen-clock';
import { registerDispatchRoutes } from './http/dispatch-routes';

export type RunningDispatchService = RunningServiceHost;

/** Wires and starts the dispatch service: occurrence-event and dispatch-command consumers, dispatch reads. */
export async function startDispatchService(config: DispatchConfig): Promise<RunningDispatchService> {
  const prisma = createDispatchPrisma(config.DATABASE_URL);
  const dispatches = new DispatchRepository(prisma);
  return startServiceHost({
    name: 'dispatch',
    config,
    database: prisma,
    retentionRules: (settings) => [outboxRetentionRule(settings), processedMessageRetentionRule(settings)],
    topics: (topics) => [topics.occurrenceEvents, topics.dispatchCommands],
    consumers: (context) => {
      const deps = { ...context, prisma, dispatches, views: new OccurrenceViewStore(), occurrenceViewGraceMs: config.OCCURRENCE_VIEW_GRACE_MS, firstSeen: new FirstSeenClock() };
      return [createOccurrenceEventConsumer(deps), createDispatchCommandConsumer(deps)];
    },
    routes: (app) => registerDispatchRoutes(app, dispatches),
  });
}
