import { randomUUID } from 'node:crypto';
import type { OccurrenceSnapshot, OccurrenceStatus } from '@atalaia/contracts';
import type { IntakeFields } from '../domain/occurrence-intake';
import type { OccurrencePrisma, OccurrenceTransaction } from './prisma';

interface OccurrenceRow {
  id: string;
  agencyId: string;
  externalId: string;
  type: string;
  description: string;
  status: string;
  reportedAt: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type StoredOccurrence = Omit<OccurrenceRow, 'status'> & { status: OccurrenceStatus };

export function toSnapshot(row: StoredOccurrence): OccurrenceSnapshot {
  return {
    ...row,
    reportedAt: row.reportedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const asStored = (row: OccurrenceRow) => row as StoredOccurrence;

export interface OccurrenceListQuery {
  status?: OccurrenceStatus;
  limit: number;
  /** Keyset cursor: the (reportedAt, id) of the last row of the previous page. */
  after?: { reportedAt: Date; id: string };
}

/** The occurrence service's only access to its occurrences table. */
export class OccurrenceRepository {
  constructor(private readonly prisma: OccurrencePrisma) {}

  /** Locks the agency's occurrence for `externalId` until the transaction ends. */
  async lockByExternalId(tx: OccurrenceTransaction, agencyId: string, externalId: string): Promise<StoredOccurrence | null> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM occurrences WHERE agency_id = ${agencyId} AND external_id = ${externalId} FOR UPDATE`;
    const id = rows[0]?.id;
    if (!id) return null;
    return asStored(await tx.occurrence.findUniqueOrThrow({ where: { id } }));
  }

  async insert(tx: OccurrenceTransaction, agencyId: string, externalId: string, fields: IntakeFields): Promise<StoredOccurrence> {
    return asStored(await tx.occurrence.create({ data: { id: randomUUID(), agencyId, externalId, ...fields } }));
  }

  async update(tx: OccurrenceTransaction, id: string, fields: Partial<IntakeFields> & { status?: OccurrenceStatus }): Promise<StoredOccurrence> {
    return asStored(
      await tx.occurrence.update({ where: { id }, data: { ...fields, version: { increment: 1 }, updatedAt: new Date() } }),
    );
  }

  async findById(id: string): Promise<StoredOccurrence | null> {
    const row = await this.prisma.occurrence.findUnique({ where: { id } });
    return row && asStored(row);
  }

  /** Newest reported first, ties broken by id, so pages are stable while rows are added. */
  async list(query: OccurrenceListQuery): Promise<StoredOccurrence[]> {
    const rows = await this.prisma.occurrence.findMany({
      where: {
        ...(query.status ? { status: query.status } : {}),
        ...(query.after
          ? {
              OR: [
                { reportedAt: { lt: query.after.reportedAt } },
                { reportedAt: query.after.reportedAt, id: { lt: query.after.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ reportedAt: 'desc' }, { id: 'desc' }],
      take: query.limit,
    });
    return rows.map(asStored);
  }
}
