import type { SqlExecutor } from '@atalaia/database';
import { createIdempotentConsumer } from '@atalaia/idempotent-consumer';
import type { MessageConsumer } from '@atalaia/kafka';
import { DISPATCH_SOURCE } from '../use-cases/dispatch-source';
import { handleUnitCommand } from '../use-cases/manage-units';
import type { DispatchConsumerDeps } from './occurrence-event-consumer';

export const UNIT_COMMAND_CONSUMER = 'dispatch.unit-commands';

/** Applies the units registry's commands exactly once each. */
export function createUnitCommandConsumer(deps: DispatchConsumerDeps): MessageConsumer {
  return createIdempotentConsumer<SqlExecutor>({
    name: UNIT_COMMAND_CONSUMER,
    topicNamespace: deps.topicNamespace,
    kafka: deps.kafka,
    topics: [deps.topics.unitCommands],
    logger: deps.logger,
    transaction: deps.transaction,
    commandResults: { source: DISPATCH_SOURCE, topics: deps.topics },
    handle: async ({ message }, tx) => {
      switch (message.type) {
        case 'unit.register':
        case 'unit.update':
        case 'unit.retire':
        case 'unit.set_service':
        case 'unit.import':
          return handleUnitCommand(deps, tx, message);
        default:
          deps.logger.warn({ type: message.type }, 'message type not handled by this consumer');
      }
    },
  });
}
