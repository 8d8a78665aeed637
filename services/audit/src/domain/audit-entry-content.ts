import { randomUUID } from 'node:crypto';
import type { TypedEnvelope } from '@atalaia/contracts';
import type { DeadLetter } from '@atalaia/kafka';
import type { ChainedContent } from './audit-chain';

/** What the chain records for an audit event: the event as its service emitted it, with the person who acted when one did. */
export function contentOfEvent(event: TypedEnvelope<'audit.entry'>): ChainedContent {
  const { data } = event;
  return {
    eventId: event.id,
    action: data.action,
    aggregateType: data.aggregateType,
    aggregateId: data.aggregateId,
    ...(data.ownerAgencyId ? { ownerAgencyId: data.ownerAgencyId } : {}),
    actorClientId: data.actor.clientId,
    actorAgencyId: data.actor.agencyId,
    ...(data.actor.userId ? { actorUserId: data.actor.userId } : {}),
    ...(data.actor.userName ? { actorUserName: data.actor.userName } : {}),
    commandId: data.commandId ?? null,
    correlationId: event.correlationId ?? null,
    source: event.source,
    before: data.before,
    after: data.after,
    occurredAt: new Date(data.occurredAt).toISOString(),
  };
}

/** The action of the entry that stands in the chain for an audit event set aside (dead-lettered). */
export const SET_ASIDE_ACTION = 'audit.entry_set_aside';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined);
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the chain records for an audit event that could not be appended: as
 * much of the event as its JSON still tells (aggregate, owner, command), and
 * where the message waits for an operator. A re-drive appends the event itself.
 */
export function contentOfSetAside(letter: DeadLetter): ChainedContent {
  const event = letter.json ?? {};
  const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<string, unknown>;
  const ownerAgencyId = text(data.ownerAgencyId);
  const commandId = text(data.commandId) ?? text(event.commandId);
  const setAsideEventId = text(event.id);
  return {
    eventId: randomUUID(),
    action: SET_ASIDE_ACTION,
    aggregateType: text(data.aggregateType) ?? 'audit',
    aggregateId: text(data.aggregateId) ?? setAsideEventId ?? `${letter.topic}/${letter.partition}/${letter.offset}`,
    ...(ownerAgencyId ? { ownerAgencyId } : {}),
    actorClientId: 'atalaia.audit',
    actorAgencyId: ownerAgencyId ?? 'atalaia',
    commandId: commandId && uuidPattern.test(commandId) ? commandId : null,
    correlationId: text(event.correlationId) ?? null,
    source: 'atalaia.audit',
    before: null,
    after: {
      setAsideEventId: setAsideEventId ?? null,
      code: letter.code,
      detail: letter.detail.slice(0, 1000),
      topic: letter.topic,
      partition: letter.partition,
      offset: letter.offset,
      attempts: letter.attempts,
    },
    occurredAt: new Date().toISOString(),
  };
}
