import type { Kafka } from 'kafkajs';
import type { Topics } from '@atalaia/contracts';
import { createIdempotentConsumer } from '@atalaia/idempotent-consumer';
import type { MessageConsumer } from '@atalaia/kafka';
import type { Logger } from '@atalaia/telemetry';
import type { OccurrenceViewStore } from '../db/occurrence-view-store';
import type { DispatchPrisma, DispatchTransaction } from '../db/prisma';

export const OCCURRENCE_EVENT_CONSUMER = 'dispatch.occurrence-events';

export interface OccurrenceEventConsumerDeps {
  kafka: Kafka;
  prisma: DispatchPrisma;
  views: OccurrenceViewStore;
  topics: Topics;
  topicNamespace: string;
  logger: Logger;
}

/** Keeps the local occurrence view current from the occurrence service's events. */
export function createOccurrenceEventConsumer(deps: OccurrenceEventConsumerDeps): MessageConsumer {
  return createIdempotentConsumer<DispatchTransaction>({
    name: OCCURRENCE_EVENT_CONSUMER,
    topicNamespace: deps.topicNamespace,
    kafka: deps.kafka,
    topics: [deps.topics.occurrenceEvents],
    logger: deps.logger,
    transaction: (work) => deps.prisma.$transaction(work),
    handle: async ({ message }, tx) => {
      if (message.type === 'occurrence.created' || message.type === 'occurrence.updated') {
        await deps.views.apply(tx, message.data.occurrence);
      }
    },
  });
}
