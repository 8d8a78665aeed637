import type { AuditEntryData } from './audit';
import type { CommandFailure } from './command-results';
import { createEnvelope, type Actor, type Envelope } from './envelope';
import type { MessageData, MessageType } from './message-catalog';

/** The fields every message caused by another one inherits from it. */
function causedBy(cause: Envelope, source: string) {
  return {
    source,
    commandId: cause.commandId,
    causationId: cause.id,
    correlationId: cause.correlationId,
    actor: cause.actor,
  };
}

/** A domain event caused by `cause` (usually a command). */
export function eventEnvelope<T extends MessageType>(
  cause: Envelope,
  source: string,
  type: T,
  aggregateType: string,
  subject: string,
  data: MessageData<T>,
): Envelope<MessageData<T>> {
  return createEnvelope({ ...causedBy(cause, source), type, aggregateType, subject, data });
}

export interface AuditChange {
  action: string;
  aggregateType: string;
  aggregateId: string;
  ownerAgencyId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const systemActor: Actor = { clientId: 'system', agencyId: 'system' };

/** The audit entry for a state change made on behalf of `cause`'s actor. */
export function auditEntryEnvelope(cause: Envelope, source: string, change: AuditChange): Envelope<AuditEntryData> {
  const data: AuditEntryData = {
    ...change,
    actor: cause.actor ?? systemActor,
    commandId: cause.commandId,
    occurredAt: new Date().toISOString(),
  };
  return createEnvelope({
    ...causedBy(cause, source),
    type: 'audit.entry',
    aggregateType: change.aggregateType,
    subject: change.aggregateId,
    data,
  });
}

/**
 * The audit entry for a change with no command behind it, made by `source`
 * itself on `actor`'s behalf: a person signing in, an administrator changing
 * an account.
 */
export function standaloneAuditEntryEnvelope(actor: Actor, source: string, change: AuditChange, correlationId?: string): Envelope<AuditEntryData> {
  const data: AuditEntryData = { ...change, actor, occurredAt: new Date().toISOString() };
  return createEnvelope({
    source,
    actor,
    ...(correlationId ? { correlationId } : {}),
    type: 'audit.entry',
    aggregateType: change.aggregateType,
    subject: change.aggregateId,
    data,
  });
}

export type CommandOutcome =
  | { status: 'processed'; aggregateType: string; aggregateId: string; result: Record<string, unknown> }
  | { status: 'failed'; aggregateType?: string; aggregateId?: string; error: CommandFailure };

/** The result of handling `command`, which the gateway folds into the command's status. */
export function commandResultEnvelope(command: Envelope, source: string, outcome: CommandOutcome): Envelope<MessageData<'command.processed'>> {
  const commandId = command.commandId ?? command.id;
  return createEnvelope({
    ...causedBy(command, source),
    type: outcome.status === 'processed' ? 'command.processed' : 'command.failed',
    aggregateType: 'command',
    subject: commandId,
    data: { ...outcome, commandId, commandType: command.type },
  });
}
