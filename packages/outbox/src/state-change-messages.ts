import {
  auditEntryEnvelope,
  commandResultEnvelope,
  eventEnvelope,
  type CommandOutcome,
  type Envelope,
  type MessageData,
  type MessageType,
  type Topics,
} from '@atalaia/contracts';
import type { OutboxMessageInput } from './outbox-writer';

export interface StateChange<T extends MessageType> {
  /** The message that caused the change (a command, or an event for reactions). */
  cause: Envelope;
  source: string;
  topics: Topics;
  eventType: T;
  eventTopic: string;
  aggregateType: string;
  aggregateId: string;
  /** The agency that owns the aggregate; its trail is the one the audit entry joins. */
  ownerAgencyId: string;
  eventData: MessageData<T>;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  /** The command's result, when the cause is a command. */
  result?: CommandOutcome;
}

/** The result of a command, keyed by command id, for the gateway. */
export function commandResultMessage(cause: Envelope, source: string, topics: Topics, outcome: CommandOutcome): OutboxMessageInput {
  return {
    topic: topics.commandResults,
    key: cause.commandId ?? cause.id,
    envelope: commandResultEnvelope(cause, source, outcome),
  };
}

/**
 * What every state change publishes, in one transaction with the change: the
 * domain event, the audit entry (who, what, before/after) and, for a command,
 * its result. All keyed by the aggregate, so they stay in order per aggregate.
 */
export function stateChangeMessages<T extends MessageType>(change: StateChange<T>): OutboxMessageInput[] {
  const { cause, source, topics, aggregateType, aggregateId } = change;
  const messages: OutboxMessageInput[] = [
    {
      topic: change.eventTopic,
      key: aggregateId,
      envelope: eventEnvelope(cause, source, change.eventType, aggregateType, aggregateId, change.eventData),
    },
    {
      topic: topics.auditEvents,
      key: aggregateId,
      envelope: auditEntryEnvelope(cause, source, {
        action: change.eventType,
        aggregateType,
        aggregateId,
        ownerAgencyId: change.ownerAgencyId,
        before: change.before,
        after: change.after,
      }),
    },
  ];
  if (change.result) messages.push(commandResultMessage(cause, source, topics, change.result));
  return messages;
}
