import type { Kafka } from 'kafkajs';
import { actorMayRun, consumerGroupId, permissionForCommand, type Envelope, type Topics } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { MessageConsumer, tracedReceived, withProcessSpan, type DeadLetter, type ReceivedMessage } from '@atalaia/kafka';
import { commandResultMessage, deferOutboxWrites, flushOutboxWrites, writeOutboxMessages } from '@atalaia/outbox';
import { activeSpanContext, type Logger } from '@atalaia/telemetry';
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

/**
 * Records that `consumer` processed each of `messageIds`, in one statement in
 * the caller's transaction, and returns the ids it had not processed before:
 * only those may have effects. Ids repeated in the list are claimed once.
 */
export async function claimMessages(tx: SqlExecutor, consumer: string, messageIds: string[]): Promise<Set<string>> {
  const rows = await tx.$queryRawUnsafe<Array<{ message_id: string }>>(
    `INSERT INTO processed_messages (consumer, message_id)
     SELECT $1, id FROM unnest($2::uuid[]) AS id
     ON CONFLICT DO NOTHING
     RETURNING message_id::text`,
    consumer,
    messageIds,
  );
  return new Set(rows.map((row) => row.message_id));
}

export const PERMISSION_DENIED_CODE = 'PERMISSION_DENIED';

/**
 * For a command consumer: refuses, in `tx`, a command whose actor's roles or
 * scopes do not grant it (`actorMayRun`), with `command.failed` and no
 * effect. Returns whether it refused.
 */
async function refusedForActor(tx: SqlExecutor, message: Envelope, results: { source: string; topics: Topics } | undefined): Promise<boolean> {
  if (!results || actorMayRun(message.actor, message.type)) return false;
  await writeOutboxMessages(tx, [
    commandResultMessage(message, results.source, results.topics, {
      status: 'failed',
      error: {
        code: PERMISSION_DENIED_CODE,
        title: 'The actor may not run this command',
        detail: `${message.type} requires permission ${permissionForCommand(message.type)}, which the actor's roles or scopes do not grant`,
      },
    }),
  ]);
  return true;
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
  /**
   * For consumers with no command to fail: records, in `tx`, that a message was
   * set aside, so that nothing it stood for is lost without a trace.
   */
  onDeadLetter?(letter: DeadLetter, tx: Tx): Promise<void>;
}

/**
 * A Kafka consumer whose effects happen exactly once: the processed-message rows
 * and the effects commit in one transaction, so a redelivered message finds its
 * row and is skipped. Consecutive messages of a partition share one
 * transaction (one commit, one multi-row claim, one multi-row outbox insert)
 * and are handled in order in it; when that transaction fails, each message
 * gets a transaction of its own.
 */
export function createIdempotentConsumer<Tx extends SqlExecutor>(options: IdempotentConsumerOptions<Tx>): MessageConsumer {
  const logger = options.logger.child({ component: 'consumer', consumer: options.name });
  const groupId = consumerGroupId(options.topicNamespace, options.name);
  return new MessageConsumer({
    kafka: options.kafka,
    groupId,
    topics: options.topics,
    logger,
    handleBatch: (batch) =>
      options.transaction(async (tx) => {
        // The batch's span (see MessageConsumer): its claim, outbox insert and commit are its children.
        const batchSpan = activeSpanContext();
        deferOutboxWrites(tx);
        const unclaimed = await claimMessages(
          tx,
          options.name,
          batch.map((received) => received.message.id),
        );
        for (const received of batch) {
          // delete(): a message repeated within the batch has effects once.
          if (!unclaimed.delete(received.message.id.toLowerCase())) {
            logger.debug({ messageId: received.message.id }, 'duplicate message skipped');
            continue;
          }
          if (await refusedForActor(tx, received.message, options.commandResults)) continue;
          // Each message's effects in its own trace, so the messages it writes continue that trace.
          await withProcessSpan(tracedReceived(received), groupId, () => options.handle(received, tx), batchSpan);
        }
        await flushOutboxWrites(tx);
      }),
    handle: (received) =>
      options.transaction(async (tx) => {
        if (!(await claimMessage(tx, options.name, received.message.id))) {
          logger.debug({ messageId: received.message.id }, 'duplicate message skipped');
          return;
        }
        if (await refusedForActor(tx, received.message, options.commandResults)) return;
        await options.handle(received, tx);
      }),
    onDeadLetter: async (letter) => {
      const { commandResults, onDeadLetter } = options;
      if (!commandResults && !onDeadLetter) return;
      await options.transaction(async (tx) => {
        if (commandResults) await failDeadLetteredCommand(tx, letter, commandResults.source, commandResults.topics);
        await onDeadLetter?.(letter, tx);
      });
    },
  });
}
