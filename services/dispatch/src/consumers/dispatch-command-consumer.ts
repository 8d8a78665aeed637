import type { SqlExecutor } from '@atalaia/database';
import { createIdempotentConsumer } from '@atalaia/idempotent-consumer';
import type { MessageConsumer } from '@atalaia/kafka';
import { assignDispatch } from '../use-cases/assign-dispatch';
import { changeDispatchStatus } from '../use-cases/change-dispatch-status';
import { DISPATCH_SOURCE } from '../use-cases/dispatch-source';
import type { DispatchConsumerDeps } from './occurrence-event-consumer';

export const DISPATCH_COMMAND_CONSUMER = 'dispatch.commands';

/** Applies dispatch commands exactly once each. */
export function createDispatchCommandConsumer(deps: DispatchConsumerDeps): MessageConsumer {
  return createIdempotentConsumer<SqlExecutor>({
    name: DISPATCH_COMMAND_CONSUMER,
    topicNamespace: deps.topicNamespace,
    kafka: deps.kafka,
    topics: [deps.topics.dispatchCommands],
    logger: deps.logger,
    transaction: deps.transaction,
    commandResults: { source: DISPATCH_SOURCE, topics: deps.topics },
    handle: async ({ message }, tx) => {
      switch (message.type) {
        case 'dispatch.create':
          return assignDispatch(deps, tx, message);
        case 'dispatch.update_status':
        case 'dispatch.close':
          return changeDispatchStatus(deps, tx, message);
        default:
          deps.logger.warn({ type: message.type }, 'message type not handled by this consumer');
      }
    },
  });
}
