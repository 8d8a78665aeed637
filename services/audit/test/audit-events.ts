import { randomUUID } from 'node:crypto';
import { createEnvelope, type TypedEnvelope } from '@atalaia/contracts';
import type { AuditTrail } from '../src/db/audit-trail';
import type { AuditPrisma } from '../src/db/prisma';

export interface AuditEventSpec {
  aggregateId: string;
  /** The owning agency; null builds an entry as recorded before owners were stored. */
  ownerAgencyId: string | null;
  actorAgencyId?: string;
  crossAgency?: boolean;
}

/** An `audit.entry` message as a service emits it. */
export function auditEvent(spec: AuditEventSpec): TypedEnvelope<'audit.entry'> {
  const actorAgencyId = spec.actorAgencyId ?? spec.ownerAgencyId ?? 'agency-legacy';
  const actor = { clientId: `client-${actorAgencyId}`, agencyId: actorAgencyId, ...(spec.crossAgency ? { crossAgency: true } : {}) };
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
      before: null,
      after: { note: randomUUID() },
      occurredAt: new Date().toISOString(),
    },
  }) as TypedEnvelope<'audit.entry'>;
}

/** Appends `specs` in order, `batch` entries per transaction. */
export async function appendAll(prisma: AuditPrisma, trail: AuditTrail, specs: AuditEventSpec[], batch = 100): Promise<void> {
  for (let start = 0; start < specs.length; start += batch) {
    const events = specs.slice(start, start + batch).map(auditEvent);
    await prisma.$transaction(async (tx) => {
      for (const event of events) await trail.append(tx, event);
    }, { timeout: 60_000 });
  }
}
