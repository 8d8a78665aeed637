import type { OccurrenceSnapshot, OccurrenceStatus } from '@atalaia/contracts';
import type { DispatchTransaction } from './prisma';

export interface OccurrenceView {
  occurrenceId: string;
  agencyId: string;
  status: OccurrenceStatus;
  version: number;
}

/**
 * The dispatch service's view of occurrences, built from occurrence events.
 * Assignments and occurrence-closing reactions both lock the view row, so a
 * unit can never be assigned to an occurrence that is closing at that moment.
 */
export class OccurrenceViewStore {
  async lock(tx: DispatchTransaction, occurrenceId: string): Promise<OccurrenceView | null> {
    const rows = await tx.$queryRaw<OccurrenceView[]>`
      SELECT occurrence_id AS "occurrenceId", agency_id AS "agencyId", status, version
      FROM occurrence_views WHERE occurrence_id = ${occurrenceId}::uuid FOR UPDATE`;
    return rows[0] ?? null;
  }

  /**
   * Applies an occurrence snapshot if it is newer than what the view holds and
   * returns the status the view had before (null when the occurrence is new).
   * Events for one occurrence arrive in order, but a replayed older one must
   * never roll the view back.
   */
  async apply(tx: DispatchTransaction, occurrence: OccurrenceSnapshot): Promise<{ applied: boolean; previous: OccurrenceStatus | null }> {
    const previous = await this.lock(tx, occurrence.id);
    if (previous && previous.version >= occurrence.version) return { applied: false, previous: previous.status };
    await tx.$executeRaw`
      INSERT INTO occurrence_views (occurrence_id, agency_id, status, version, updated_at)
      VALUES (${occurrence.id}::uuid, ${occurrence.agencyId}, ${occurrence.status}, ${occurrence.version}, now())
      ON CONFLICT (occurrence_id) DO UPDATE SET status = EXCLUDED.status, version = EXCLUDED.version, updated_at = now()
        WHERE occurrence_views.version < EXCLUDED.version`;
    return { applied: true, previous: previous?.status ?? null };
  }
}
