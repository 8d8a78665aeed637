import type { OccurrenceSnapshot, OccurrenceStatus } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { occurrenceKeyLockSql } from './occurrence-key-lock';

export interface OccurrenceView {
  occurrenceId: string;
  agencyId: string;
  status: OccurrenceStatus;
  version: number;
}

/** What applying a snapshot did: the view was created, moved to a newer version, or already held this version or a newer one. */
export type ViewChange = 'created' | 'updated' | 'stale';

/**
 * The dispatch service's view of occurrences, built from occurrence events.
 * Assignments lock the view row and occurrence events write it, both under
 * the occurrence's key lock, so a unit can never be assigned to an occurrence
 * that is closing at that moment.
 */
export class OccurrenceViewStore {
  /**
   * The occurrence's view, locked, and whether commands are parked for it.
   * The caller holds the occurrence's key lock (`lockOccurrenceKey`, in an
   * earlier statement), which whoever writes the view or parks a command
   * takes too: this statement's snapshot already shows what they committed,
   * and neither changes under it, so one statement reads both.
   */
  async lockForAssignment(tx: SqlExecutor, occurrenceId: string): Promise<{ view: OccurrenceView; hasParked: boolean } | null> {
    const rows = await tx.$queryRawUnsafe<Array<OccurrenceView & { hasParked: boolean }>>(
      `SELECT occurrence_id AS "occurrenceId", agency_id AS "agencyId", status, version,
         EXISTS (SELECT 1 FROM parked_dispatch_commands WHERE occurrence_id = $1::uuid) AS "hasParked"
       FROM occurrence_views WHERE occurrence_id = $1::uuid FOR UPDATE`,
      occurrenceId,
    );
    const row = rows[0];
    if (!row) return null;
    const { hasParked, ...view } = row;
    return { view, hasParked };
  }

  /**
   * Takes the occurrence's key lock and applies the snapshot if it is newer
   * than what the view holds, in one statement: the lock comes from the
   * materialised CTE the inserted row is read from, so it is held before the
   * row is written. Events for one occurrence arrive in order, but a replayed
   * older one must never roll the view back. `xmax = 0` tells a row this
   * statement inserted from one it updated (an update leaves its own
   * transaction id there), the usual upsert idiom before RETURNING OLD (PG 18).
   */
  async apply(tx: SqlExecutor, occurrence: OccurrenceSnapshot): Promise<ViewChange> {
    const rows = await tx.$queryRawUnsafe<Array<{ created: boolean }>>(
      `WITH key_lock AS MATERIALIZED (SELECT ${occurrenceKeyLockSql('$1')})
       INSERT INTO occurrence_views (occurrence_id, agency_id, status, version, latitude, longitude, updated_at)
       SELECT $1::uuid, $2, $3, $4::int, $5::float8, $6::float8, now() FROM key_lock
       ON CONFLICT (occurrence_id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version,
         latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, updated_at = now()
         WHERE occurrence_views.version < EXCLUDED.version
       RETURNING (occurrence_views.xmax = 0) AS created`,
      occurrence.id,
      occurrence.agencyId,
      occurrence.status,
      occurrence.version,
      occurrence.location?.latitude ?? null,
      occurrence.location?.longitude ?? null,
    );
    const row = rows[0];
    if (!row) return 'stale';
    return row.created ? 'created' : 'updated';
  }
}
