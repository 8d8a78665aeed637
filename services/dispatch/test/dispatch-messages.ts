import { randomUUID } from 'node:crypto';
import { createEnvelope, type OccurrenceSnapshot, type TypedEnvelope } from '@atalaia/contracts';

/** Builders for the messages the dispatch service consumes, as the gateway and the occurrence service write them. */
export const testActor = { clientId: 'client', agencyId: 'agency' };

export function occurrenceSnapshot(id: string, status: OccurrenceSnapshot['status'], version: number): OccurrenceSnapshot {
  const now = new Date().toISOString();
  return {
    id,
    agencyId: testActor.agencyId,
    externalId: `EXT-${id.slice(0, 8)}`,
    type: 'resgate',
    description: 'x',
    status,
    reportedAt: now,
    statusReason: null,
    startedAt: null,
    closedAt: null,
    version,
    createdAt: now,
    updatedAt: now,
  };
}

export const assignCommand = (occurrenceId: string, resourceCode: string) =>
  createEnvelope({
    type: 'dispatch.create',
    source: 'test',
    aggregateType: 'occurrence',
    subject: occurrenceId,
    commandId: randomUUID(),
    actor: testActor,
    data: { occurrenceId, resourceCode },
  }) as TypedEnvelope<'dispatch.create'>;

type OccurrenceEventType = 'occurrence.created' | 'occurrence.started' | 'occurrence.cancelled';

export const occurrenceEvent = <T extends OccurrenceEventType>(type: T, occurrence: OccurrenceSnapshot) =>
  createEnvelope({
    type,
    source: 'test',
    aggregateType: 'occurrence',
    subject: occurrence.id,
    actor: testActor,
    data: type === 'occurrence.created' ? { occurrence } : { occurrence, previousStatus: 'reported' },
  }) as TypedEnvelope<T>;
