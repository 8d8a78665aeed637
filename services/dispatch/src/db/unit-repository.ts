import type { Station, UnitSnapshot, UnitStatus, UnitStatusCause } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';

/** A unit row as the consumers' SQL reads it. */
export interface StoredUnit {
  id: string;
  agencyId: string;
  code: string;
  kind: string;
  name: string | null;
  stationName: string | null;
  stationLatitude: number | null;
  stationLongitude: number | null;
  capabilities: string[];
  crewSize: number | null;
  status: UnitStatus;
  statusReason: string | null;
  statusSince: Date;
  retiredAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What describes a unit (everything but its identity, status and times). */
export interface UnitDescription {
  kind: string;
  name: string | null;
  station: Station | null;
  capabilities: string[];
  crewSize: number | null;
}

export const unitColumns = `id, agency_id AS "agencyId", code, kind, name, station_name AS "stationName",
  station_latitude AS "stationLatitude", station_longitude AS "stationLongitude", capabilities, crew_size AS "crewSize",
  status, status_reason AS "statusReason", status_since AS "statusSince", retired_at AS "retiredAt", version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export function stationOf(unit: Pick<StoredUnit, 'stationName' | 'stationLatitude' | 'stationLongitude'>): Station | null {
  return unit.stationName === null || unit.stationLatitude === null || unit.stationLongitude === null
    ? null
    : { name: unit.stationName, latitude: unit.stationLatitude, longitude: unit.stationLongitude };
}

export function toUnitSnapshot(unit: StoredUnit): UnitSnapshot {
  return {
    id: unit.id,
    agencyId: unit.agencyId,
    code: unit.code,
    kind: unit.kind,
    name: unit.name,
    station: stationOf(unit),
    capabilities: unit.capabilities,
    crewSize: unit.crewSize,
    status: unit.status,
    statusReason: unit.statusReason,
    statusSince: unit.statusSince.toISOString(),
    retiredAt: unit.retiredAt?.toISOString() ?? null,
    version: unit.version,
    createdAt: unit.createdAt.toISOString(),
    updatedAt: unit.updatedAt.toISOString(),
  };
}

const describe = (fields: UnitDescription) => [
  fields.kind,
  fields.name,
  fields.station?.name ?? null,
  fields.station?.latitude ?? null,
  fields.station?.longitude ?? null,
  fields.capabilities,
  fields.crewSize,
];

/** The consumers' access to units, in SQL on their transaction (the HTTP reads are in `unit-reads.ts`). */
export class UnitRepository {
  async findById(tx: SqlExecutor, id: string): Promise<StoredUnit | null> {
    const rows = await tx.$queryRawUnsafe<StoredUnit[]>(`SELECT ${unitColumns} FROM units WHERE id = $1::uuid`, id);
    return rows[0] ?? null;
  }

  async findByCode(tx: SqlExecutor, agencyId: string, code: string): Promise<StoredUnit | null> {
    const rows = await tx.$queryRawUnsafe<StoredUnit[]>(`SELECT ${unitColumns} FROM units WHERE agency_id = $1 AND code = $2`, agencyId, code);
    return rows[0] ?? null;
  }

  /** Locks the unit until the transaction ends: its status changes serialise here. */
  async lockById(tx: SqlExecutor, id: string): Promise<StoredUnit | null> {
    const rows = await tx.$queryRawUnsafe<StoredUnit[]>(`SELECT ${unitColumns} FROM units WHERE id = $1::uuid FOR UPDATE`, id);
    return rows[0] ?? null;
  }

  /** Registers a unit; null when the agency already has one with the code (whoever registered it first wins). */
  async insert(tx: SqlExecutor, unit: { id: string; agencyId: string; code: string } & UnitDescription): Promise<StoredUnit | null> {
    const rows = await tx.$queryRawUnsafe<StoredUnit[]>(
      `INSERT INTO units (id, agency_id, code, kind, name, station_name, station_latitude, station_longitude, capabilities, crew_size)
       VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9::text[], $10)
       ON CONFLICT DO NOTHING RETURNING ${unitColumns}`,
      unit.id,
      unit.agencyId,
      unit.code,
      ...describe(unit),
    );
    return rows[0] ?? null;
  }

  /** Rewrites what describes a unit the caller has locked. */
  async describe(tx: SqlExecutor, id: string, fields: UnitDescription): Promise<StoredUnit> {
    const rows = await tx.$queryRawUnsafe<StoredUnit[]>(
      `UPDATE units SET kind = $2, name = $3, station_name = $4, station_latitude = $5, station_longitude = $6, capabilities = $7::text[],
         crew_size = $8, version = version + 1, updated_at = now() WHERE id = $1::uuid RETURNING ${unitColumns}`,
      id,
      ...describe(fields),
    );
    return rows[0]!;
  }

  async retire(tx: SqlExecutor, id: string, reason: string | null): Promise<StoredUnit> {
    const rows = await tx.$queryRawUnsafe<StoredUnit[]>(
      `UPDATE units SET retired_at = now(), status_reason = COALESCE($2, status_reason), version = version + 1, updated_at = now()
       WHERE id = $1::uuid RETURNING ${unitColumns}`,
      id,
      reason,
    );
    return rows[0]!;
  }

  /** Moves a unit the caller has locked to `status` and records the change in its history, in one statement. */
  async moveStatus(
    tx: SqlExecutor,
    unit: StoredUnit,
    change: { status: UnitStatus; cause: UnitStatusCause; dispatchId: string | null; reason: string | null },
  ): Promise<StoredUnit> {
    const rows = await tx.$queryRawUnsafe<StoredUnit[]>(
      `WITH moved AS (
         UPDATE units SET status = $2, status_reason = $4, status_since = now(), version = version + 1, updated_at = now()
         WHERE id = $1::uuid RETURNING ${unitColumns}
       ), recorded AS (
         INSERT INTO unit_status_changes (unit_id, status, previous_status, cause, dispatch_id, reason)
         SELECT id, $2, $5, $3, $6::uuid, $4 FROM moved
       )
       SELECT * FROM moved`,
      unit.id,
      change.status,
      change.cause,
      change.reason,
      unit.status,
      change.dispatchId,
    );
    return rows[0]!;
  }

  /** The dispatch the unit holds now, if any. */
  async activeDispatchOf(tx: SqlExecutor, unitId: string): Promise<{ id: string; occurrenceId: string; status: string } | null> {
    const rows = await tx.$queryRawUnsafe<Array<{ id: string; occurrenceId: string; status: string }>>(
      `SELECT id, occurrence_id AS "occurrenceId", status FROM dispatches WHERE unit_id = $1::uuid AND active`,
      unitId,
    );
    return rows[0] ?? null;
  }
}
