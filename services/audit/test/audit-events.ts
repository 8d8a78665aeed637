import { randomUUID } from 'node:crypto';
import { createEnvelope, type TypedEnvelope } from '@atalaia/contracts';
import type { TransactionRunner } from '@atalaia/database';
import type { AuditTrail } from '../src/db/audit-trail';

export interface AuditEventSpec {
  aggregateId: string;
  /** The owning agency; null builds an entry as recorded before owners were stored. */
  ownerAgencyId: string | null;
  actorAgencyId?: string;
  crossAgency?: boolean;
  /** The person who acted (a console user); by default an API client acted alone. */
  person?: { userId: string; userName: string };
  /** The state before and after; by default none before and a random note after. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** An `audit.entry` message as a service emits it. */
export function auditEvent(spec: AuditEventSpec): TypedEnvelope<'audit.entry'> {
  const actorAgencyId = spec.actorAgencyId ?? spec.ownerAgencyId ?? 'agency-legacy';
  const actor = {
    clientId: spec.person ? `user:${spec.person.userId}` : `client-${actorAgencyId}`,
    agencyId: actorAgencyId,
    ...(spec.crossAgency ? { crossAgency: true } : {}),
    ...spec.person,
  };
  return createEnvelope({
    type: 'audit.entry',
    source: 'atalaia.occurrence',
    aggregateType: 'occurrence',
    subject: spec.aggregateId,
    actor,
    data: {
      action: 'occurrence.updated',
      aggregateType: 'occurrence',
      aggregateId: spec.aggregateId,
      ...(spec.ownerAgencyId === null ? {} : { ownerAgencyId: spec.ownerAgencyId }),
      actor,
      before: spec.before ?? null,
      after: spec.after === undefined ? { note: randomUUID() } : spec.after,
      occurredAt: new Date().toISOString(),
    },
  }) as TypedEnvelope<'audit.entry'>;
}

/** Appends `specs` in order, `batch` entries per transaction, as the consumer does. */
export async function appendAll(transaction: TransactionRunner, trail: AuditTrail, specs: AuditEventSpec[], batch = 100): Promise<void> {
  for (let start = 0; start < specs.length; start += batch) {
    const events = specs.slice(start, start + batch).map(auditEvent);
    await transaction(async (tx) => {
      for (const event of events) await trail.append(tx, event);
    });
  }
}
