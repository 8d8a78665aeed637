import type { TypedEnvelope } from '@atalaia/contracts';
import { chainHash, GENESIS_HASH, type ChainedContent, type ChainedEntry } from '../domain/audit-chain';
import type { AuditPrisma, AuditTransaction } from './prisma';

interface AuditEntryRow {
  sequence: bigint;
  eventId: string;
  action: string;
  aggregateType: string;
  aggregateId: string;
  actorClientId: string;
  actorAgencyId: string;
  commandId: string | null;
  correlationId: string | null;
  source: string;
  before: unknown;
  after: unknown;
  occurredAt: Date;
  recordedAt: Date;
  previousHash: string;
  hash: string;
}

function contentOf(row: AuditEntryRow): ChainedContent {
  return {
    eventId: row.eventId,
    action: row.action,
    aggregateType: row.aggregateType,
    aggregateId: row.aggregateId,
    actorClientId: row.actorClientId,
    actorAgencyId: row.actorAgencyId,
    commandId: row.commandId,
    correlationId: row.correlationId,
    source: row.source,
    before: row.before,
    after: row.after,
    occurredAt: row.occurredAt.toISOString(),
  };
}

export function presentEntry(row: AuditEntryRow) {
  const { sequence, actorClientId, actorAgencyId, ...rest } = row;
  return { ...rest, sequence: sequence.toString(), actor: { clientId: actorClientId, agencyId: actorAgencyId } };
}

/** Appends one chain at a time: the chain head is read and extended under one lock. */
const CHAIN_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('atalaia.audit-chain'))";

/** The audit service's only access to its trail. */
export class AuditTrail {
  constructor(private readonly prisma: AuditPrisma) {}

  async append(tx: AuditTransaction, event: TypedEnvelope<'audit.entry'>): Promise<void> {
    await tx.$executeRawUnsafe(CHAIN_LOCK_SQL);
    const head = await tx.auditEntry.findFirst({ orderBy: { sequence: 'desc' }, select: { hash: true } });
    const previousHash = head?.hash ?? GENESIS_HASH;
    const content: ChainedContent = {
      eventId: event.id,
      action: event.data.action,
      aggregateType: event.data.aggregateType,
      aggregateId: event.data.aggregateId,
      actorClientId: event.data.actor.clientId,
      actorAgencyId: event.data.actor.agencyId,
      commandId: event.data.commandId ?? null,
      correlationId: event.correlationId ?? null,
      source: event.source,
      before: event.data.before,
      after: event.data.after,
      occurredAt: new Date(event.data.occurredAt).toISOString(),
    };
    await tx.auditEntry.create({
      data: {
        ...content,
        before: content.before ?? undefined,
        after: content.after ?? undefined,
        occurredAt: new Date(content.occurredAt),
        traceparent: event.traceparent ?? null,
        previousHash,
        hash: chainHash(previousHash, content),
      },
    });
  }

  async forAggregate(aggregateType: string, aggregateId: string): Promise<AuditEntryRow[]> {
    return this.prisma.auditEntry.findMany({ where: { aggregateType, aggregateId }, orderBy: { sequence: 'asc' } });
  }

  async chain(): Promise<ChainedEntry[]> {
    const rows = await this.prisma.auditEntry.findMany({ orderBy: { sequence: 'asc' } });
    return rows.map((row) => ({ sequence: row.sequence.toString(), content: contentOf(row), previousHash: row.previousHash, hash: row.hash }));
  }
}
