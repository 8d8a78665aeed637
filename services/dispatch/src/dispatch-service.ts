import { topicNames } from '@atalaia/contracts';
import { createPostgresPool, outboxRetentionRule, pgTransactions, processedMessageRetentionRule } from '@atalaia/database';
import { startServiceHost, type RunningServiceHost } from '@atalaia/service-runtime';
import { createLogger } from '@atalaia/telemetry';
import type { DispatchConfig } from './config';
import { createDispatchCommandConsumer } from './consumers/dispatch-command-consumer';
import { createOccurrenceEventConsumer } from './consumers/occurrence-event-consumer';
import { createResponseTimeConsumer } from './consumers/response-time-consumer';
import { createUnitCommandConsumer } from './consumers/unit-command-consumer';
import { DispatchRepository } from './db/dispatch-repository';
import { OccurrenceViewStore } from './db/occurrence-view-store';
import { ParkedCommandStore } from './db/parked-command-store';
import { createDispatchPrisma } from './db/prisma';
import { ResponseMilestoneStore } from './db/response-milestone-store';
import { UnitReads } from './db/unit-reads';
import { UnitRepository } from './db/unit-repository';
import { unitKindCatalog } from './domain/unit-registration';
import { registerDispatchRoutes } from './http/dispatch-routes';
import { registerResponseTimeRoutes } from './http/response-time-routes';
import { registerUnitRoutes } from './http/unit-routes';
import { ParkedCommandExpiry } from './jobs/parked-command-expiry';
import { watchParkedCommands } from './metrics/parked-command-metrics';
import type { DispatchUseCaseDeps } from './use-cases/dispatch-source';

export type RunningDispatchService = RunningServiceHost;

/**
 * Wires and starts the dispatch service: occurrence-event, dispatch-command,
 * unit-command and response-time consumers, the expiry of parked commands, dispatch reads. One connection
 * pool serves them all: the consumers and the expiry run their transactions
 * on it directly, Prisma (HTTP reads, readiness, retention) through its adapter.
 */
export async function startDispatchService(config: DispatchConfig): Promise<RunningDispatchService> {
  const poolLogger = createLogger('dispatch', config.LOG_LEVEL).child({ component: 'postgres-pool' });
  const pool = createPostgresPool(config.DATABASE_URL, { onIdleError: (error) => poolLogger.warn({ err: error }, 'idle database connection failed') });
  const transaction = pgTransactions(pool);
  const prisma = createDispatchPrisma(pool);
  const dispatches = new DispatchRepository(prisma);
  const parked = new ParkedCommandStore(prisma);
  const units = new UnitRepository();
  const milestones = new ResponseMilestoneStore(prisma);
  const useCases: DispatchUseCaseDeps = {
    dispatches,
    units,
    unitKinds: unitKindCatalog(config.UNIT_KINDS),
    views: new OccurrenceViewStore(),
    parked,
    topics: topicNames(config.KAFKA_TOPIC_NAMESPACE),
    occurrenceViewGraceMs: config.OCCURRENCE_VIEW_GRACE_MS,
  };
  const host = await startServiceHost({
    name: 'dispatch',
    config,
    database: prisma,
    pool,
    retentionRules: (settings) => [outboxRetentionRule(settings), processedMessageRetentionRule(settings)],
    topics: (topics) => [topics.occurrenceEvents, topics.dispatchCommands, topics.unitCommands, topics.unitEvents, topics.dispatchEvents],
    consumers: (context) => {
      const deps = { ...context, ...useCases, transaction };
      return [createOccurrenceEventConsumer(deps), createDispatchCommandConsumer(deps), createUnitCommandConsumer(deps), createResponseTimeConsumer({ ...deps, milestones })];
    },
    routes: async (app) => {
      await registerDispatchRoutes(app, dispatches);
      await registerUnitRoutes(app, new UnitReads(prisma, useCases.unitKinds));
      await registerResponseTimeRoutes(app, { milestones, targets: config.RESPONSE_TARGETS });
    },
  });
  const expiry = new ParkedCommandExpiry(transaction, useCases, host.context.logger);
  expiry.start();
  const unwatch = watchParkedCommands(() => parked.backlog());
  return {
    ...host,
    stop: async () => {
      unwatch();
      await expiry.stop();
      // The host ends the pool last, after the consumers and Prisma.
      await host.stop();
    },
  };
}
