import { occurrenceIdFor, type OccurrenceSnapshot, type OccurrenceStatus } from '@atalaia/contracts';
import type { Prisma } from './generated/client';
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
  statusReason: string | null;
  startedAt: Date | null;
  closedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type StoredOccurrence = Omit<OccurrenceRow, 'status'> & { status: OccurrenceStatus };

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toSnapshot(row: StoredOccurrence): OccurrenceSnapshot {
  return {
    ...row,
    reportedAt: row.reportedAt.toISOString(),
    startedAt: iso(row.startedAt),
    closedAt: iso(row.closedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const asStored = (row: OccurrenceRow) => row as StoredOccurrence;

export interface OccurrenceFilter {
  status?: OccurrenceStatus;
  type?: string;
  agencyId?: string;
  externalId?: string;
  reportedFrom?: Date;
  reportedTo?: Date;
}

export interface OccurrenceListQuery extends OccurrenceFilter {
  /** The only agency whose rows the caller may see; undefined with cross-agency access. Applies on top of the filter. */
  visibleToAgency?: string;
  limit: number;
  /** Keyset cursor: the (reportedAt, id) of the last row of the previous page. */
  after?: { reportedAt: Date; id: string };
}

export type OccurrenceChange = Partial<IntakeFields> & {
  status?: OccurrenceStatus;
  statusReason?: string | null;
  startedAt?: Date;
  closedAt?: Date;
};

/** The occurrence service's only access to its occurrences table. */
export class OccurrenceRepository {
  constructor(private readonly prisma: OccurrencePrisma) {}

  /** Locks the agency's occurrence for `externalId` until the transaction ends. */
  async lockByExternalId(tx: OccurrenceTransaction, agencyId: string, externalId: string): Promise<StoredOccurrence | null> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT id FROM occurrences WHERE agency_id = ${agencyId} AND external_id = ${externalId} FOR UPDATE`;
    return rows[0] ? this.lockById(tx, rows[0].id) : null;
  }

  /** Locks the occurrence until the transaction ends: concurrent changes to it serialise here. */
  async lockById(tx: OccurrenceTransaction, id: string): Promise<StoredOccurrence | null> {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM occurrences WHERE id = ${id}::uuid FOR UPDATE`;
    if (!rows[0]) return null;
    return asStored(await tx.occurrence.findUniqueOrThrow({ where: { id } }));
  }

  /** The id is derived from agency and externalId, so every command about the occurrence shares one Kafka key from intake on. */
  async insert(tx: OccurrenceTransaction, agencyId: string, externalId: string, fields: IntakeFields): Promise<StoredOccurrence> {
    return asStored(await tx.occurrence.create({ data: { id: occurrenceIdFor(agencyId, externalId), agencyId, externalId, ...fields } }));
  }

  async update(tx: OccurrenceTransaction, id: string, change: OccurrenceChange): Promise<StoredOccurrence> {
    return asStored(
      await tx.occurrence.update({ where: { id }, data: { ...change, version: { increment: 1 }, updatedAt: new Date() } }),
    );
  }

  async findById(id: string): Promise<StoredOccurrence | null> {
    const row = await this.prisma.occurrence.findUnique({ where: { id } });
    return row && asStored(row);
  }

  /** Newest reported first, ties broken by id, so pages are stable while rows are added. */
  async list(query: OccurrenceListQuery): Promise<StoredOccurrence[]> {
    const where: Prisma.OccurrenceWhereInput = {
      status: query.status,
      type: query.type,
      agencyId: query.agencyId,
      externalId: query.externalId,
      reportedAt: query.reportedFrom || query.reportedTo ? { gte: query.reportedFrom, lt: query.reportedTo } : undefined,
      AND: [
        ...(query.visibleToAgency === undefined ? [] : [{ agencyId: query.visibleToAgency }]),
        ...(query.after
          ? [
              {
                OR: [
                  { reportedAt: { lt: query.after.reportedAt } },
                  { reportedAt: query.after.reportedAt, id: { lt: query.after.id } },
                ],
              },
            ]
          : []),
      ],
    };
    const rows = await this.prisma.occurrence.findMany({ where, orderBy: [{ reportedAt: 'desc' }, { id: 'desc' }], take: query.limit });
    return rows.map(asStored);
  }
}
