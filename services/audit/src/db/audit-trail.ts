import type { TypedEnvelope } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import type { DeadLetter } from '@atalaia/kafka';
import { chainHash, GENESIS_HASH, type ChainedContent, type ChainedEntry } from '../domain/audit-chain';
import { contentOfEvent, contentOfSetAside } from '../domain/audit-entry-content';
import type { AuditEntry } from './generated/client';
import type { AuditPrisma } from './prisma';

export type AuditEntryRow = AuditEntry;

/** An aggregate of some service: whose trail an entry joins. */
export interface AggregateRef {
  type: string;
  id: string;
}

/** Whose entries a trail page holds: one aggregate's, one person's (`actorUserId`), or that person's on that aggregate. Never the whole trail. */
export type TrailSelection = { aggregate: AggregateRef; actorUserId?: string } | { aggregate?: AggregateRef; actorUserId: string };

/** One page of a selection: entries after `afterSequence`, of `ownerAgencyId` when given. */
export type TrailPageQuery = TrailSelection & {
  ownerAgencyId: string | undefined;
  afterSequence: bigint;
  limit: number;
};

function contentOf(row: AuditEntryRow): ChainedContent {
  return {
    eventId: row.eventId,
    action: row.action,
    aggregateType: row.aggregateType,
    aggregateId: row.aggregateId,
    ...(row.ownerAgencyId === null ? {} : { ownerAgencyId: row.ownerAgencyId }),
    actorClientId: row.actorClientId,
    actorAgencyId: row.actorAgencyId,
    ...(row.actorUserId === null ? {} : { actorUserId: row.actorUserId }),
    ...(row.actorUserName === null ? {} : { actorUserName: row.actorUserName }),
    commandId: row.commandId,
    correlationId: row.correlationId,
    source: row.source,
    before: row.before,
    after: row.after,
    occurredAt: row.occurredAt.toISOString(),
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

// After the lock, in a statement of its own: a statement's snapshot is taken
// when it starts, so a head read in the locking statement could be stale.
// As text because pg hands bigint over as a string and Prisma as a BigInt; under
// another name, or ORDER BY would sort by the text ('9' after '10').
const HEAD_SQL = 'SELECT sequence::text AS head_sequence, hash FROM audit_entries ORDER BY sequence DESC LIMIT 1';

// clock_timestamp(): when this entry was written (as Prisma's per-row now() recorded it), not when its transaction began.
const INSERT_ENTRY_SQL = `INSERT INTO audit_entries (sequence, event_id, action, aggregate_type, aggregate_id, owner_agency_id,
  actor_client_id, actor_agency_id, actor_user_id, actor_user_name, command_id, correlation_id, source, before, after, occurred_at,
  recorded_at, traceparent, previous_hash, hash)
VALUES ($1::bigint, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11::uuid, $12, $13, $14::jsonb, $15::jsonb, $16::timestamptz,
  clock_timestamp(), $17, $18, $19)`;

interface ChainHead {
  sequence: bigint;
  hash: string;
}

/** JSON content as jsonb text; null is SQL NULL, as the hash (and `contentOf`) expect. */
const jsonb = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

/** The audit service's only access to its trail. */
export class AuditTrail {
  /** The chain's head as each open transaction has left it; dropped with the transaction. */
  private readonly heads = new WeakMap<SqlExecutor, ChainHead>();

  constructor(private readonly prisma: AuditPrisma) {}

  async append(tx: SqlExecutor, event: TypedEnvelope<'audit.entry'>): Promise<void> {
    await this.appendContent(tx, contentOfEvent(event), event.traceparent ?? null);
  }

  /** Records in the chain that an audit event was set aside (dead-lettered), so its absence is visible. */
  async appendSetAside(tx: SqlExecutor, letter: DeadLetter): Promise<void> {
    await this.appendContent(tx, contentOfSetAside(letter), null);
  }

  /** One statement per entry once the transaction holds the chain: the hash is computed here, from the head it left. */
  private async appendContent(tx: SqlExecutor, content: ChainedContent, traceparent: string | null): Promise<void> {
    const head = this.heads.get(tx) ?? (await this.lockHead(tx));
    const entry: ChainHead = { sequence: head.sequence + 1n, hash: chainHash(head.hash, content) };
    await tx.$executeRawUnsafe(
      INSERT_ENTRY_SQL,
      entry.sequence.toString(),
      content.eventId,
      content.action,
      content.aggregateType,
      content.aggregateId,
      content.ownerAgencyId ?? null,
      content.actorClientId,
      content.actorAgencyId,
      content.actorUserId ?? null,
      content.actorUserName ?? null,
      content.commandId,
      content.correlationId,
      content.source,
      jsonb(content.before),
      jsonb(content.after),
      content.occurredAt,
      traceparent,
      head.hash,
      entry.hash,
    );
    this.heads.set(tx, entry);
  }

  private async lockHead(tx: SqlExecutor): Promise<ChainHead> {
    await tx.$executeRawUnsafe(CHAIN_LOCK_SQL);
    const [head] = await tx.$queryRawUnsafe<Array<{ head_sequence: string; hash: string }>>(HEAD_SQL);
    return head ? { sequence: BigInt(head.head_sequence), hash: head.hash } : { sequence: 0n, hash: GENESIS_HASH };
  }

  /** Up to `limit` entries of the aggregate, the person or both, in sequence order. */
  async trailPage(query: TrailPageQuery): Promise<AuditEntryRow[]> {
    return this.prisma.auditEntry.findMany({
      where: {
        ...(query.aggregate === undefined ? {} : { aggregateType: query.aggregate.type, aggregateId: query.aggregate.id }),
        ...(query.actorUserId === undefined ? {} : { actorUserId: query.actorUserId }),
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
