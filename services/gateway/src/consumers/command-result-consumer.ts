import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import type { Topics } from '@atalaia/contracts';
import { pgTransactions, type SqlExecutor, type TransactionRunner } from '@atalaia/database';
import { createIdempotentConsumer, DEAD_LETTERED_CODE } from '@atalaia/idempotent-consumer';
import type { DeadLetter } from '@atalaia/kafka';
import type { MessageConsumer } from '@atalaia/kafka';
import type { Logger } from '@atalaia/telemetry';
import { recordCommandResult } from '../db/command-results';
import { observeCommandLatency, type SettledCommand } from '../metrics/command-latency-metrics';

export const COMMAND_RESULT_CONSUMER = 'gateway.command-results';

export interface CommandResultConsumerDeps {
  kafka: Kafka;
  /** The service's pool, shared with Prisma: each batch of results is one `pg` transaction on it. */
  pool: pg.Pool;
  topics: Topics;
  topicNamespace: string;
  logger: Logger;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The command a dead-lettered result names, when its JSON still tells. */
function commandIdOf(letter: DeadLetter): string | undefined {
  const data = letter.json?.data;
  const named = (data && typeof data === 'object' ? (data as Record<string, unknown>).commandId : undefined) ?? letter.json?.commandId;
  return typeof named === 'string' && uuidPattern.test(named) ? named : undefined;
}

/**
 * Transactions whose settled commands are observed only once they commit: a
 * batch that rolls back and is retried message by message counts each once.
 * The list travels with the async context, not the `tx` object, which
 * instrumentation may wrap.
 */
function observingLatencyOnCommit(run: TransactionRunner) {
  const settledInTransaction = new AsyncLocalStorage<SettledCommand[]>();
  const transaction: TransactionRunner = async (work) => {
    const settled: SettledCommand[] = [];
    const result = await settledInTransaction.run(settled, () => run(work));
    settled.forEach(observeCommandLatency);
    return result;
  };
  const settle = (command: SettledCommand | undefined) => {
    if (command) settledInTransaction.getStore()?.push(command);
  };
  return { transaction, settle };
}

/**
 * Moves commands to processed/failed as the owning services report their
 * results. A result that cannot be recorded is dead-lettered and its command
 * fails as dead-lettered, so it never stays pending for ever; re-driving the
 * result later still records it.
 */
export function createCommandResultConsumer(deps: CommandResultConsumerDeps): MessageConsumer {
  const { transaction, settle } = observingLatencyOnCommit(pgTransactions(deps.pool));
  return createIdempotentConsumer<SqlExecutor>({
    name: COMMAND_RESULT_CONSUMER,
    topicNamespace: deps.topicNamespace,
    kafka: deps.kafka,
    topics: [deps.topics.commandResults],
    logger: deps.logger,
    transaction,
    handle: async ({ message }, tx) => {
      if (message.type === 'command.processed' || message.type === 'command.failed') {
        settle(await recordCommandResult(tx, message.data));
      }
    },
    onDeadLetter: async (letter, tx) => {
      const commandId = commandIdOf(letter);
      if (!commandId) return;
      const settled = await recordCommandResult(tx, {
        commandId,
        commandType: 'unknown',
        status: 'failed',
        error: {
          code: DEAD_LETTERED_CODE,
          title: "The command's result could not be recorded and was set aside for an operator",
          detail: `${letter.code} after ${letter.attempts} attempt(s): ${letter.detail}`.slice(0, 1000),
        },
      });
      settle(settled);
    },
  });
}
