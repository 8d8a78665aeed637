import type { Kafka } from 'kafkajs';
import { pgTransactions, type PostgresPool, type SqlExecutor } from '@atalaia/database';
import { createIdempotentConsumer } from '@atalaia/idempotent-consumer';
import type { MessageConsumer } from '@atalaia/kafka';
import type { Logger } from '@atalaia/telemetry';
import { changeOccurrenceStatus } from '../use-cases/change-occurrence-status';
import { createOrUpdateOccurrence } from '../use-cases/create-or-update-occurrence';
import { OCCURRENCE_SOURCE, type OccurrenceUseCaseDeps } from '../use-cases/occurrence-source';

export const OCCURRENCE_COMMAND_CONSUMER = 'occurrence.commands';

export interface OccurrenceCommandConsumerDeps extends OccurrenceUseCaseDeps {
  kafka: Kafka;
  /** Transactions run on plain `pg` clients, not Prisma: this path runs for every command, and Prisma costs several times the CPU. */
  pool: PostgresPool;
  topicNamespace: string;
  logger: Logger;
}

/** Applies occurrence commands exactly once each; every effect commits with its processed-message row. */
export function createOccurrenceCommandConsumer(deps: OccurrenceCommandConsumerDeps): MessageConsumer {
  return createIdempotentConsumer<SqlExecutor>({
    name: OCCURRENCE_COMMAND_CONSUMER,
    topicNamespace: deps.topicNamespace,
    kafka: deps.kafka,
    topics: [deps.topics.occurrenceCommands],
    logger: deps.logger,
    transaction: pgTransactions(deps.pool),
    commandResults: { source: OCCURRENCE_SOURCE, topics: deps.topics },
    handle: async ({ message }, tx) => {
      switch (message.type) {
        case 'occurrence.create_or_update':
          return createOrUpdateOccurrence(deps, tx, message);
        case 'occurrence.start':
        case 'occurrence.resolve':
        case 'occurrence.cancel':
          return changeOccurrenceStatus(deps, tx, message);
        default:
          deps.logger.warn({ type: message.type }, 'message type not handled by this consumer');
      }
    },
  });
}
