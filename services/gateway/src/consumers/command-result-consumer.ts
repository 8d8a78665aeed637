import type { Kafka } from 'kafkajs';
import type { Topics } from '@atalaia/contracts';
import { createIdempotentConsumer } from '@atalaia/idempotent-consumer';
import type { MessageConsumer } from '@atalaia/kafka';
import type { Logger } from '@atalaia/telemetry';
import type { CommandStore } from '../db/command-store';
import type { GatewayPrisma, GatewayTransaction } from '../db/prisma';

export const COMMAND_RESULT_CONSUMER = 'gateway.command-results';

export interface CommandResultConsumerDeps {
  kafka: Kafka;
  prisma: GatewayPrisma;
  store: CommandStore;
  topics: Topics;
  topicNamespace: string;
  logger: Logger;
}

/** Moves commands to processed/failed as the owning services report their results. */
export function createCommandResultConsumer(deps: CommandResultConsumerDeps): MessageConsumer {
  return createIdempotentConsumer<GatewayTransaction>({
    name: COMMAND_RESULT_CONSUMER,
    topicNamespace: deps.topicNamespace,
    kafka: deps.kafka,
    topics: [deps.topics.commandResults],
    logger: deps.logger,
    transaction: (work) => deps.prisma.$transaction(work),
    handle: async ({ message }, tx) => {
      if (message.type === 'command.processed' || message.type === 'command.failed') {
        await deps.store.recordResult(tx, message.data);
      }
    },
  });
}
