import { randomUUID } from 'node:crypto';
import type { DispatchSnapshot, DispatchStatus } from '@atalaia/contracts';
import type { DispatchPrisma, DispatchTransaction } from './prisma';

interface DispatchRow {
  id: string;
  occurrenceId: string;
  agencyId: string;
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

const columns = {
  id: true,
  occurrenceId: true,
  agencyId: true,
  resourceCode: true,
  status: true,
  note: true,
  closeReason: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  closedAt: true,
} as const;

const asStored = (row: DispatchRow) => row as StoredDispatch;

export function toDispatchSnapshot(row: StoredDispatch): DispatchSnapshot {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}

/** The dispatch service's only access to its dispatches table. */
export class DispatchRepository {
  constructor(private readonly prisma: DispatchPrisma) {}

  /** Locks the dispatch until the transaction ends: concurrent changes to it serialise here. */
  async lockById(tx: DispatchTransaction, id: string): Promise<StoredDispatch | null> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM dispatches WHERE id = ${id}::uuid FOR UPDATE`;
    if (!rows[0]) return null;
    return asStored(await tx.dispatch.findUniqueOrThrow({ where: { id }, select: columns }));
  }

  /** The open dispatches of an occurrence, locked. */
  async lockOpenForOccurrence(tx: DispatchTransaction, occurrenceId: string): Promise<StoredDispatch[]> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM dispatches WHERE occurrence_id = ${occurrenceId}::uuid AND active ORDER BY created_at FOR UPDATE`;
    const dispatches = await tx.dispatch.findMany({ where: { id: { in: rows.map((row) => row.id) } }, select: columns, orderBy: { createdAt: 'asc' } });
    return dispatches.map(asStored);
  }

  async hasActive(tx: DispatchTransaction, occurrenceId: string, resourceCode: string): Promise<boolean> {
    return (await tx.dispatch.count({ where: { occurrenceId, resourceCode, active: true } })) > 0;
  }

  async insert(
    tx: DispatchTransaction,
    fields: { occurrenceId: string; agencyId: string; resourceCode: string; note: string | null },
  ): Promise<StoredDispatch> {
    return asStored(await tx.dispatch.create({ data: { id: randomUUID(), ...fields }, select: columns }));
  }

  async changeStatus(tx: DispatchTransaction, id: string, status: DispatchStatus, closeReason?: string | null): Promise<StoredDispatch> {
    const closing = status === 'closed';
    const row = await tx.dispatch.update({
      where: { id },
      data: {
        status,
        version: { increment: 1 },
        updatedAt: new Date(),
        ...(closing ? { active: null, closedAt: new Date(), closeReason: closeReason ?? null } : {}),
      },
      select: columns,
    });
    return asStored(row);
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
}
