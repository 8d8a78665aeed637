import type { Kafka } from 'kafkajs';
import { consumerGroupId, type Topics } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { MessageConsumer, type ReceivedMessage } from '@atalaia/kafka';
import type { Logger } from '@atalaia/telemetry';
import { failDeadLetteredCommand } from './dead-lettered-command';

/**
 * Records that `consumer` processed `messageId`, in the caller's transaction.
 * Returns false when it already had: the caller must then apply no effect.
 * Concurrent duplicates serialise on the primary key, so exactly one wins.
 */
export async function claimMessage(tx: SqlExecutor, consumer: string, messageId: string): Promise<boolean> {
  const inserted = await tx.$executeRawUnsafe(
    'INSERT INTO processed_messages (consumer, message_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING',
    consumer,
    messageId,
  );
  return inserted === 1;
}

export type RunInTransaction<Tx> = <T>(work: (tx: Tx) => Promise<T>) => Promise<T>;

export interface IdempotentConsumerOptions<Tx extends SqlExecutor> {
  /** Consumer name: the key of its processed-message rows and, namespaced, its Kafka group id. */
  name: string;
  topicNamespace: string;
  kafka: Kafka;
  topics: string[];
  logger: Logger;
  transaction: RunInTransaction<Tx>;
  /** Applies the message's effects (state, outbox rows) in `tx`; runs at most once per message id. */
  handle(received: ReceivedMessage, tx: Tx): Promise<void>;
  /** For command consumers: report dead-lettered commands as failed, from this source, on these topics. */
  commandResults?: { source: string; topics: Topics };
}

/**
 * A Kafka consumer whose effects happen exactly once: the processed-message row
 * and the effects commit in one transaction, so a redelivered message finds its
 * row and is skipped.
 */
export function createIdempotentConsumer<Tx extends SqlExecutor>(options: IdempotentConsumerOptions<Tx>): MessageConsumer {
  const logger = options.logger.child({ component: 'consumer', consumer: options.name });
  return new MessageConsumer({
    kafka: options.kafka,
    groupId: consumerGroupId(options.topicNamespace, options.name),
    topics: options.topics,
    logger,
    handle: (received) =>
      options.transaction(async (tx) => {
        if (!(await claimMessage(tx, options.name, received.message.id))) {
          logger.debug({ messageId: received.message.id }, 'duplicate message skipped');
          return;
        }
        await options.handle(received, tx);
      }),
    onDeadLetter: async (letter) => {
      const { commandResults } = options;
      if (!commandResults) return;
      await options.transaction((tx) => failDeadLetteredCommand(tx, letter, commandResults.source, commandResults.topics));
    },
  });
}
