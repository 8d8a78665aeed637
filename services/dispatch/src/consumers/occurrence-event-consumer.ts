import type { Kafka } from 'kafkajs';
import type { SqlExecutor, TransactionRunner } from '@atalaia/database';
import { createIdempotentConsumer } from '@atalaia/idempotent-consumer';
import type { MessageConsumer } from '@atalaia/kafka';
import type { Logger } from '@atalaia/telemetry';
import type { DispatchUseCaseDeps } from '../use-cases/dispatch-source';
import { followOccurrence } from '../use-cases/follow-occurrence';

export const OCCURRENCE_EVENT_CONSUMER = 'dispatch.occurrence-events';

export interface DispatchConsumerDeps extends DispatchUseCaseDeps {
  kafka: Kafka;
  /** The consumers' transactions: `pgTransactions` on the service's pool, a quarter of the CPU of Prisma's per statement. */
  transaction: TransactionRunner;
  topicNamespace: string;
  logger: Logger;
}

/** Keeps the local occurrence view current and releases units when occurrences close. */
export function createOccurrenceEventConsumer(deps: DispatchConsumerDeps): MessageConsumer {
  return createIdempotentConsumer<SqlExecutor>({
    name: OCCURRENCE_EVENT_CONSUMER,
    topicNamespace: deps.topicNamespace,
    kafka: deps.kafka,
    topics: [deps.topics.occurrenceEvents],
    logger: deps.logger,
    transaction: deps.transaction,
    handle: async ({ message }, tx) => {
      switch (message.type) {
        case 'occurrence.created':
        case 'occurrence.updated':
        case 'occurrence.started':
        case 'occurrence.resolved':
        case 'occurrence.cancelled':
          return followOccurrence(deps, tx, message);
      }
    },
  });
}
