import { occurrenceIdFor, occurrenceStatuses, type OccurrenceLocation, type OccurrenceSnapshot, type OccurrenceStatus } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import type { Prisma } from './generated/client';
import type { IntakeFields } from '../domain/occurrence-intake';
import type { OccurrencePrisma } from './prisma';

/** A row as `pg` (raw SQL, aliased) and Prisma both return it. */
interface OccurrenceRow {
  id: string;
  agencyId: string;
  externalId: string;
  type: string;
  description: string;
  status: string;
  reportedAt: Date;
  acceptedAt: Date | null;
  locationAddress: string | null;
  latitude: number | null;
  longitude: number | null;
  municipality: string | null;
  region: string | null;
  locationGeocoded: boolean;
  priority: number | null;
  statusReason: string | null;
  startedAt: Date | null;
  closedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

type PlaceColumns = 'locationAddress' | 'latitude' | 'longitude' | 'municipality' | 'region' | 'locationGeocoded';

/** An occurrence as the use cases see it: the place as one value, null when none of it is known. */
export type StoredOccurrence = Omit<OccurrenceRow, 'status' | PlaceColumns> & {
  status: OccurrenceStatus;
  location: OccurrenceLocation | null;
};

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toSnapshot(occurrence: StoredOccurrence): OccurrenceSnapshot {
  return {
    ...occurrence,
    reportedAt: occurrence.reportedAt.toISOString(),
    acceptedAt: iso(occurrence.acceptedAt),
    startedAt: iso(occurrence.startedAt),
    closedAt: iso(occurrence.closedAt),
    createdAt: occurrence.createdAt.toISOString(),
    updatedAt: occurrence.updatedAt.toISOString(),
  };
}

function fromRow(row: OccurrenceRow): StoredOccurrence {
  const { locationAddress, latitude, longitude, municipality, region, locationGeocoded, ...rest } = row;
  const known = locationAddress !== null || latitude !== null || municipality !== null || region !== null;
  return {
    ...rest,
    status: row.status as OccurrenceStatus,
    location: known ? { address: locationAddress, latitude, longitude, municipality, region, geocoded: locationGeocoded } : null,
  };
}

/** The place's columns, all null when there is none. */
const placeColumns = (location: OccurrenceLocation | null) => [
  location?.address ?? null,
  location?.latitude ?? null,
  location?.longitude ?? null,
  location?.municipality ?? null,
  location?.region ?? null,
  location?.geocoded ?? false,
];

export interface OccurrenceFilter {
  status?: OccurrenceStatus;
  type?: string;
  agencyId?: string;
  externalId?: string;
  reportedFrom?: Date;
  reportedTo?: Date;
}

export interface VisibleOccurrenceFilter extends OccurrenceFilter {
  /** The only agency whose rows the caller may see; undefined with cross-agency access. Applies on top of the filter. */
  visibleToAgency?: string;
}

export interface OccurrenceListQuery extends VisibleOccurrenceFilter {
  limit: number;
  /** Keyset cursor: the (reportedAt, id) of the last row of the previous page. */
  after?: { reportedAt: Date; id: string };
}

export type OccurrenceChange = Partial<Omit<IntakeFields, 'location'>> & {
  /** The whole place, written to its six columns. */
  location?: OccurrenceLocation | null;
  status?: OccurrenceStatus;
  statusReason?: string | null;
  startedAt?: Date;
  closedAt?: Date;
};

/**
 * Every column under the name of the field it fills, so a raw row is a
 * `StoredOccurrence` as Prisma would return it: `pg` gives uuid and text as
 * strings, integer as number and timestamptz as Date.
 */
const OCCURRENCE_COLUMNS = `id, agency_id AS "agencyId", external_id AS "externalId", type, description, status,
  reported_at AS "reportedAt", status_reason AS "statusReason", started_at AS "startedAt", closed_at AS "closedAt",
  accepted_at AS "acceptedAt", location_address AS "locationAddress", latitude, longitude, municipality, region,
  location_geocoded AS "locationGeocoded", priority, version, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The columns a change may set; only these names ever reach the SQL text. */
const CHANGE_COLUMNS: Record<Exclude<keyof OccurrenceChange, 'location'>, string> = {
  type: 'type',
  description: 'description',
  reportedAt: 'reported_at',
  priority: 'priority',
  status: 'status',
  statusReason: 'status_reason',
  startedAt: 'started_at',
  closedAt: 'closed_at',
};

/**
 * The occurrence service's only access to its occurrences table. The consumer
 * path (lock, insert, update) is plain SQL on the caller's transaction, one
 * statement each, because it runs for every command; the HTTP reads use Prisma.
 */
export class OccurrenceRepository {
  constructor(private readonly prisma: OccurrencePrisma) {}

  /** Locks the agency's occurrence for `externalId` until the transaction ends, and reads it. */
  async lockByExternalId(tx: SqlExecutor, agencyId: string, externalId: string): Promise<StoredOccurrence | null> {
    const rows = await tx.$queryRawUnsafe<OccurrenceRow[]>(
      `SELECT ${OCCURRENCE_COLUMNS} FROM occurrences WHERE agency_id = $1 AND external_id = $2 FOR UPDATE`,
      agencyId,
      externalId,
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /**
   * Locks the occurrence until the transaction ends, and reads it: concurrent
   * changes to it serialise here. After waiting for the lock, Postgres returns
   * the row as the previous holder committed it, so one statement suffices.
   */
  async lockById(tx: SqlExecutor, id: string): Promise<StoredOccurrence | null> {
    const rows = await tx.$queryRawUnsafe<OccurrenceRow[]>(`SELECT ${OCCURRENCE_COLUMNS} FROM occurrences WHERE id = $1::uuid FOR UPDATE`, id);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  /**
   * The id is derived from agency and externalId, so every command about the
   * occurrence shares one Kafka key from intake on. The timestamps come from
   * this process's clock, as Prisma's did: the database's now() is the start
   * of the transaction, which a whole consumer batch shares.
   */
  async insert(tx: SqlExecutor, agencyId: string, externalId: string, fields: IntakeFields, acceptedAt: Date): Promise<StoredOccurrence> {
    const rows = await tx.$queryRawUnsafe<OccurrenceRow[]>(
      `INSERT INTO occurrences (id, agency_id, external_id, type, description, reported_at, accepted_at, priority,
         location_address, latitude, longitude, municipality, region, location_geocoded, created_at, updated_at)
       VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING ${OCCURRENCE_COLUMNS}`,
      occurrenceIdFor(agencyId, externalId),
      agencyId,
      externalId,
      fields.type,
      fields.description,
      fields.reportedAt,
      acceptedAt,
      fields.priority,
      ...placeColumns(fields.location),
      new Date(),
    );
    return fromRow(rows[0]!);
  }

  /** Applies the change's defined fields, bumps the version and stamps updatedAt. */
  async update(tx: SqlExecutor, id: string, change: OccurrenceChange): Promise<StoredOccurrence> {
    const fields = (Object.keys(CHANGE_COLUMNS) as Array<keyof typeof CHANGE_COLUMNS>).filter((field) => change[field] !== undefined);
    const assignments = fields.map((field, index) => `${CHANGE_COLUMNS[field]} = $${index + 3}`);
    const values: unknown[] = fields.map((field) => change[field]);
    if (change.location !== undefined) {
      const first = values.length + 3;
      const names = ['location_address', 'latitude', 'longitude', 'municipality', 'region', 'location_geocoded'];
      assignments.push(...names.map((name, index) => `${name} = $${first + index}`));
      values.push(...placeColumns(change.location));
    }
    const rows = await tx.$queryRawUnsafe<OccurrenceRow[]>(
      `UPDATE occurrences SET ${[...assignments, 'version = version + 1', 'updated_at = $2'].join(', ')}
       WHERE id = $1::uuid RETURNING ${OCCURRENCE_COLUMNS}`,
      id,
      new Date(),
      ...values,
    );
    // Callers update only rows they hold locked, so a missing row is a bug.
    if (!rows[0]) throw new Error(`occurrence ${id} not found for update`);
    return fromRow(rows[0]);
  }

  async findById(id: string): Promise<StoredOccurrence | null> {
    const row = await this.prisma.occurrence.findUnique({ where: { id } });
    return row && fromRow(row);
  }

  /** Newest reported first, ties broken by id, so pages are stable while rows are added. */
  async list(query: OccurrenceListQuery): Promise<StoredOccurrence[]> {
    const after = query.after
      ? [{ OR: [{ reportedAt: { lt: query.after.reportedAt } }, { reportedAt: query.after.reportedAt, id: { lt: query.after.id } }] }]
      : [];
    const where: Prisma.OccurrenceWhereInput = { ...whereOf(query), AND: [...visibleTo(query), ...after] };
    const rows = await this.prisma.occurrence.findMany({ where, orderBy: [{ reportedAt: 'desc' }, { id: 'desc' }], take: query.limit });
    return rows.map(fromRow);
  }

  /** How many occurrences the filter matches in each status (every status present, zero when none): one GROUP BY. */
  async countByStatus(filter: Omit<VisibleOccurrenceFilter, 'status'>): Promise<Record<OccurrenceStatus, number>> {
    const groups = await this.prisma.occurrence.groupBy({
      by: ['status'],
      where: { ...whereOf(filter), AND: visibleTo(filter) },
      _count: { _all: true },
    });
    const counts = Object.fromEntries(occurrenceStatuses.map((status) => [status, 0])) as Record<OccurrenceStatus, number>;
    for (const group of groups) if (group.status in counts) counts[group.status as OccurrenceStatus] = group._count._all;
    return counts;
  }
}

/** The filter's conditions; the time range is half-open: reportedFrom ≤ reportedAt < reportedTo. */
function whereOf(filter: OccurrenceFilter): Prisma.OccurrenceWhereInput {
  return {
    status: filter.status,
    type: filter.type,
    agencyId: filter.agencyId,
    externalId: filter.externalId,
    reportedAt: filter.reportedFrom || filter.reportedTo ? { gte: filter.reportedFrom, lt: filter.reportedTo } : undefined,
  };
}

/** The caller's agency condition, kept apart from the filter's own agencyId so that both apply. */
const visibleTo = (filter: VisibleOccurrenceFilter): Prisma.OccurrenceWhereInput[] =>
  filter.visibleToAgency === undefined ? [] : [{ agencyId: filter.visibleToAgency }];
