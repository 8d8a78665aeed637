import type { Kafka } from 'kafkajs';
import type { Topics } from '@atalaia/contracts';
import type { SqlExecutor, TransactionRunner } from '@atalaia/database';
import { createIdempotentConsumer } from '@atalaia/idempotent-consumer';
import type { MessageConsumer } from '@atalaia/kafka';
import type { Logger } from '@atalaia/telemetry';
import type { ResponseMilestoneStore } from '../db/response-milestone-store';
import { observeResponseInterval, type IntervalObservation } from '../metrics/response-interval-metrics';
import { recordResponseMilestones } from '../use-cases/record-response-milestones';

export const RESPONSE_TIME_CONSUMER = 'dispatch.response-times';

export interface ResponseTimeConsumerDeps {
  kafka: Kafka;
  topicNamespace: string;
  logger: Logger;
  topics: Topics;
  transaction: TransactionRunner;
  milestones: ResponseMilestoneStore;
}

/**
 * Folds occurrence and dispatch events into response milestones, with a
 * consumer group of its own so that reporting never holds back dispatching.
 *
 * The interval histogram is observed after the transaction commits, from what
 * that transaction (its last attempt) completed: a rolled-back batch observes
 * nothing and its messages are observed when they commit. A process that
 * dies between commit and observation loses those observations (at most once):
 * the table, not the histogram, is the record.
 */
export function createResponseTimeConsumer(deps: ResponseTimeConsumerDeps): MessageConsumer {
  const pending = new WeakMap<SqlExecutor, IntervalObservation[]>();
  const observingAfterCommit: TransactionRunner = async (work) => {
    let completed: IntervalObservation[] = [];
    const result = await deps.transaction((tx) => {
      completed = [];
      pending.set(tx, completed);
      return work(tx);
    });
    completed.forEach(observeResponseInterval);
    return result;
  };
  return createIdempotentConsumer<SqlExecutor>({
    name: RESPONSE_TIME_CONSUMER,
    topicNamespace: deps.topicNamespace,
    kafka: deps.kafka,
    topics: [deps.topics.occurrenceEvents, deps.topics.dispatchEvents],
    logger: deps.logger,
    transaction: observingAfterCommit,
    handle: async ({ message }, tx) => {
      const completed = await recordResponseMilestones(deps.milestones, tx, message);
      pending.get(tx)?.push(...completed);
    },
  });
}
