import { randomUUID } from 'node:crypto';
import type { TypedEnvelope } from '@atalaia/contracts';
import type { DeadLetter } from '@atalaia/kafka';
import { chainHash, GENESIS_HASH, type ChainedContent, type ChainedEntry } from '../domain/audit-chain';
import type { AuditEntry } from './generated/client';
import type { AuditPrisma, AuditTransaction } from './prisma';

export type AuditEntryRow = AuditEntry;

/** One page of one aggregate's trail: entries after `afterSequence`, of `ownerAgencyId` when given. */
export interface AggregateTrailQuery {
  aggregateType: string;
  aggregateId: string;
  ownerAgencyId: string | undefined;
  afterSequence: bigint;
  limit: number;
}

function contentOf(row: AuditEntryRow): ChainedContent {
  return {
    eventId: row.eventId,
    action: row.action,
    aggregateType: row.aggregateType,
    aggregateId: row.aggregateId,
    ...(row.ownerAgencyId === null ? {} : { ownerAgencyId: row.ownerAgencyId }),
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

function contentOfEvent(event: TypedEnvelope<'audit.entry'>): ChainedContent {
  const { data } = event;
  return {
    eventId: event.id,
    action: data.action,
    aggregateType: data.aggregateType,
    aggregateId: data.aggregateId,
    ...(data.ownerAgencyId ? { ownerAgencyId: data.ownerAgencyId } : {}),
    actorClientId: data.actor.clientId,
    actorAgencyId: data.actor.agencyId,
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
function contentOfSetAside(letter: DeadLetter): ChainedContent {
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

function chainedEntryOf(row: AuditEntryRow): ChainedEntry {
  return { sequence: row.sequence.toString(), content: contentOf(row), previousHash: row.previousHash, hash: row.hash };
}

/**
 * Appends under one lock per transaction: the first entry of a transaction
 * takes the lock and reads the head, later ones extend the head it left, and
 * each entry takes the head's sequence + 1. The database refuses anything else
 * (see the linear-chain trigger), so the lock is for throughput, not for safety.
 */
const CHAIN_LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('atalaia.audit-chain'))";

/** The audit service's only access to its trail. */
export class AuditTrail {
  /** The chain's head as each open transaction has left it; dropped with the transaction. */
  private readonly heads = new WeakMap<AuditTransaction, { sequence: bigint; hash: string }>();

  constructor(private readonly prisma: AuditPrisma) {}

  async append(tx: AuditTransaction, event: TypedEnvelope<'audit.entry'>): Promise<void> {
    await this.appendContent(tx, contentOfEvent(event), event.traceparent ?? null);
  }

  /** Records in the chain that an audit event was set aside (dead-lettered), so its absence is visible. */
  async appendSetAside(tx: AuditTransaction, letter: DeadLetter): Promise<void> {
    await this.appendContent(tx, contentOfSetAside(letter), null);
  }

  private async appendContent(tx: AuditTransaction, content: ChainedContent, traceparent: string | null): Promise<void> {
    const head = this.heads.get(tx) ?? (await this.lockHead(tx));
    const entry = { sequence: head.sequence + 1n, hash: chainHash(head.hash, content) };
    await tx.auditEntry.create({
      data: {
        ...content,
        sequence: entry.sequence,
        before: content.before ?? undefined,
        after: content.after ?? undefined,
        occurredAt: new Date(content.occurredAt),
        traceparent,
        previousHash: head.hash,
        hash: entry.hash,
      },
    });
    this.heads.set(tx, entry);
  }

  private async lockHead(tx: AuditTransaction): Promise<{ sequence: bigint; hash: string }> {
    await tx.$executeRawUnsafe(CHAIN_LOCK_SQL);
    const head = await tx.auditEntry.findFirst({ orderBy: { sequence: 'desc' }, select: { sequence: true, hash: true } });
    return { sequence: head?.sequence ?? 0n, hash: head?.hash ?? GENESIS_HASH };
  }

  /** Up to `limit` entries of one aggregate's trail, in sequence order. */
  async aggregatePage(query: AggregateTrailQuery): Promise<AuditEntryRow[]> {
    return this.prisma.auditEntry.findMany({
      where: {
        aggregateType: query.aggregateType,
        aggregateId: query.aggregateId,
        ...(query.ownerAgencyId === undefined ? {} : { ownerAgencyId: query.ownerAgencyId }),
        sequence: { gt: query.afterSequence },
      },
      orderBy: { sequence: 'asc' },
      take: query.limit,
    });
  }

  /** The sequence of the newest entry, 0 when the trail is empty. */
  async headSequence(): Promise<bigint> {
    const head = await this.prisma.auditEntry.findFirst({ orderBy: { sequence: 'desc' }, select: { sequence: true } });
    return head?.sequence ?? 0n;
  }

  /** Up to `limit` chain entries with `afterSequence` < sequence ≤ `throughSequence`, in order. */
  async chainPage(afterSequence: bigint, throughSequence: bigint, limit: number): Promise<ChainedEntry[]> {
    const rows = await this.prisma.auditEntry.findMany({
      where: { sequence: { gt: afterSequence, lte: throughSequence } },
      orderBy: { sequence: 'asc' },
      take: limit,
    });
    return rows.map(chainedEntryOf);
  }

  /**
   * The chain as it stood when the walk began, `pageSize` entries at a time:
   * entries appended meanwhile are left for the next walk, so it always ends.
   */
  async *chainPages(pageSize: number): AsyncGenerator<ChainedEntry[]> {
    const through = await this.headSequence();
    let after = 0n;
    while (after < through) {
      const page = await this.chainPage(after, through, pageSize);
      if (page.length === 0) return;
      yield page;
      after = BigInt(page.at(-1)!.sequence);
    }
  }
}
