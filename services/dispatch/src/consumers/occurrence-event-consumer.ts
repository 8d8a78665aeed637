import type { Kafka } from 'kafkajs';
import { CONSUMER_TRANSACTION_OPTIONS, createIdempotentConsumer } from '@atalaia/idempotent-consumer';
import type { MessageConsumer } from '@atalaia/kafka';
import type { Logger } from '@atalaia/telemetry';
import type { DispatchPrisma, DispatchTransaction } from '../db/prisma';
import type { DispatchUseCaseDeps } from '../use-cases/dispatch-source';
import { followOccurrence } from '../use-cases/follow-occurrence';

export const OCCURRENCE_EVENT_CONSUMER = 'dispatch.occurrence-events';

export interface DispatchConsumerDeps extends DispatchUseCaseDeps {
  kafka: Kafka;
  prisma: DispatchPrisma;
  topicNamespace: string;
  logger: Logger;
}

/** Keeps the local occurrence view current and releases units when occurrences close. */
export function createOccurrenceEventConsumer(deps: DispatchConsumerDeps): MessageConsumer {
  return createIdempotentConsumer<DispatchTransaction>({
    name: OCCURRENCE_EVENT_CONSUMER,
    topicNamespace: deps.topicNamespace,
    kafka: deps.kafka,
    topics: [deps.topics.occurrenceEvents],
    logger: deps.logger,
    transaction: (work) => deps.prisma.$transaction(work, CONSUMER_TRANSACTION_OPTIONS),
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
