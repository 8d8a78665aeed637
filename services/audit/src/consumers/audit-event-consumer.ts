import type { Kafka } from 'kafkajs';
import type { Topics } from '@atalaia/contracts';
import type { SqlExecutor, TransactionRunner } from '@atalaia/database';
import { createIdempotentConsumer } from '@atalaia/idempotent-consumer';
import type { MessageConsumer } from '@atalaia/kafka';
import type { Logger } from '@atalaia/telemetry';
import type { AuditTrail } from '../db/audit-trail';

export const AUDIT_EVENT_CONSUMER = 'audit.entries';

export interface AuditEventConsumerDeps {
  kafka: Kafka;
  /** Transactions on the service's `pg` pool (`pgTransactions`): this is the service's hot path. */
  transaction: TransactionRunner;
  trail: AuditTrail;
  topics: Topics;
  topicNamespace: string;
  logger: Logger;
}

/**
 * Appends every audit event of every service to the chain, once each. An
 * event that cannot be appended is dead-lettered and an entry saying so takes
 * its place in the chain, so the trail itself shows what is missing.
 */
export function createAuditEventConsumer(deps: AuditEventConsumerDeps): MessageConsumer {
  return createIdempotentConsumer<SqlExecutor>({
    name: AUDIT_EVENT_CONSUMER,
    topicNamespace: deps.topicNamespace,
    kafka: deps.kafka,
    topics: [deps.topics.auditEvents],
    logger: deps.logger,
    transaction: deps.transaction,
    handle: async ({ message }, tx) => {
      if (message.type === 'audit.entry') await deps.trail.append(tx, message);
    },
    onDeadLetter: (letter, tx) => deps.trail.appendSetAside(tx, letter),
  });
}
