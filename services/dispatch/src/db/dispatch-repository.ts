import { randomUUID } from 'node:crypto';
import { dispatchStatuses, type DispatchSnapshot, type DispatchStatus } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import type { DispatchPrisma } from './prisma';

interface DispatchRow {
  id: string;
  occurrenceId: string;
  agencyId: string;
  unitId: string;
  resourceCode: string;
  status: string;
  note: string | null;
  closeReason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

export type StoredDispatch = Omit<DispatchRow, 'status'> & { status: DispatchStatus };

/** The Prisma select of a stored dispatch (HTTP reads). */
const columns = {
  id: true,
  occurrenceId: true,
  agencyId: true,
  unitId: true,
  resourceCode: true,
  status: true,
  note: true,
  closeReason: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  closedAt: true,
} as const;

/** The same columns in SQL, in the same order, so a snapshot reads the same whichever path loaded it. */
const selectColumns = `id, occurrence_id AS "occurrenceId", agency_id AS "agencyId", unit_id AS "unitId", resource_code AS "resourceCode", status, note,
  close_reason AS "closeReason", version, created_at AS "createdAt", updated_at AS "updatedAt", closed_at AS "closedAt"`;

const asStored = (row: DispatchRow) => row as StoredDispatch;

const openStatuses = dispatchStatuses.filter((status) => status !== 'closed');

export function toDispatchSnapshot(row: StoredDispatch): DispatchSnapshot {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

/**
 * The dispatch service's only access to its dispatches table: the consumers'
 * path in SQL on their transaction, the HTTP reads through Prisma.
 */
export class DispatchRepository {
  constructor(private readonly prisma: DispatchPrisma) {}

  /** Locks the dispatch until the transaction ends: concurrent changes to it serialise here. */
  async lockById(tx: SqlExecutor, id: string): Promise<StoredDispatch | null> {
    const rows = await tx.$queryRawUnsafe<DispatchRow[]>(`SELECT ${selectColumns} FROM dispatches WHERE id = $1::uuid FOR UPDATE`, id);
    return rows[0] ? asStored(rows[0]) : null;
  }

  /** The open dispatches of an occurrence, locked, oldest first. */
  async lockOpenForOccurrence(tx: SqlExecutor, occurrenceId: string): Promise<StoredDispatch[]> {
    const rows = await tx.$queryRawUnsafe<DispatchRow[]>(
      `SELECT ${selectColumns} FROM dispatches WHERE occurrence_id = $1::uuid AND active ORDER BY created_at FOR UPDATE`,
      occurrenceId,
    );
    return rows.map(asStored);
  }

  /**
   * Records a new active dispatch of the unit, unless the unit already holds
   * one, to any occurrence: then nothing is written and null is returned. The
   * unique index on (unit_id, active) decides, so of concurrent assignments of
   * one unit exactly one succeeds, whoever else locked what: a second insert
   * waits for the first transaction and then finds its row. Nothing else
   * guards this rule (the race test drops the index to show it).
   */
  async insertUnlessUnitActive(
    tx: SqlExecutor,
    fields: { occurrenceId: string; agencyId: string; unitId: string; resourceCode: string; note: string | null },
  ): Promise<StoredDispatch | null> {
    const rows = await tx.$queryRawUnsafe<DispatchRow[]>(
      `INSERT INTO dispatches (id, occurrence_id, agency_id, unit_id, resource_code, note) VALUES ($1::uuid, $2::uuid, $3, $4::uuid, $5, $6)
       ON CONFLICT DO NOTHING
       RETURNING ${selectColumns}`,
      randomUUID(),
      fields.occurrenceId,
      fields.agencyId,
      fields.unitId,
      fields.resourceCode,
      fields.note,
    );
    return rows[0] ? asStored(rows[0]) : null;
  }

  /** Takes back a dispatch written in this transaction whose unit turned out to be out of service. */
  async discard(tx: SqlExecutor, id: string): Promise<void> {
    await tx.$executeRawUnsafe('DELETE FROM dispatches WHERE id = $1::uuid', id);
  }

  /** Moves a dispatch the caller has locked to `status`; the times are the application's clock, as every dispatch change records them. */
  async changeStatus(tx: SqlExecutor, id: string, status: DispatchStatus, closeReason?: string | null): Promise<StoredDispatch> {
    const now = new Date();
    const rows =
      status === 'closed'
        ? await tx.$queryRawUnsafe<DispatchRow[]>(
            `UPDATE dispatches SET status = $2, version = version + 1, updated_at = $3, active = NULL, closed_at = $3, close_reason = $4
             WHERE id = $1::uuid RETURNING ${selectColumns}`,
            id,
            status,
            now,
            closeReason ?? null,
          )
        : await tx.$queryRawUnsafe<DispatchRow[]>(
            `UPDATE dispatches SET status = $2, version = version + 1, updated_at = $3 WHERE id = $1::uuid RETURNING ${selectColumns}`,
            id,
            status,
            now,
          );
    if (!rows[0]) throw new Error(`dispatch ${id} does not exist`);
    return asStored(rows[0]);
  }

  async findById(id: string): Promise<StoredDispatch | null> {
    const row = await this.prisma.dispatch.findUnique({ where: { id }, select: columns });
    return row && asStored(row);
  }

  /** `visibleToAgency`: the only agency whose dispatches the caller may see; undefined with cross-agency access. */
  async listForOccurrence(occurrenceId: string, visibleToAgency: string | undefined): Promise<StoredDispatch[]> {
    const rows = await this.prisma.dispatch.findMany({ where: { occurrenceId, agencyId: visibleToAgency }, select: columns, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(asStored);
  }

  /**
   * Dispatches in `status`, or every open one without it, newest status change
   * first (ties by id). `visibleToAgency`: the only agency whose dispatches the
   * caller may see; undefined with cross-agency access.
   */
  async list(query: { status?: DispatchStatus; visibleToAgency: string | undefined; limit: number }): Promise<StoredDispatch[]> {
    const rows = await this.prisma.dispatch.findMany({
      where: { status: query.status ?? { in: openStatuses }, agencyId: query.visibleToAgency },
      select: columns,
      orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
      take: query.limit,
    });
    return rows.map(asStored);
  }
}
