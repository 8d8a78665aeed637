import type { DispatchSnapshot, OccurrenceSnapshot } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import type { ResponseMilestones } from '../domain/response-times';
import type { DispatchPrisma } from './prisma';

/** The milestones a dispatch event may set first. */
export type DispatchMilestone = 'firstAssignedAt' | 'firstEnRouteAt' | 'firstOnSceneAt';
const dispatchColumn: Record<DispatchMilestone, string> = {
  firstAssignedAt: 'first_assigned_at',
  firstEnRouteAt: 'first_en_route_at',
  firstOnSceneAt: 'first_on_scene_at',
};

/** A milestone row before and after one event: `before` is null when the event created it. */
export interface MilestoneChange {
  before: ResponseMilestones | null;
  after: ResponseMilestones;
}

type JsonRow = Record<string, string | number | null>;
const at = (value: string | number | null | undefined) => (typeof value === 'string' ? new Date(value) : null);

/** A row as `to_jsonb` gives it (snake_case, timestamps as ISO text). */
function fromJson(row: JsonRow): ResponseMilestones {
  return {
    occurrenceId: row.occurrence_id as string,
    agencyId: row.agency_id as string,
    type: (row.type as string | null) ?? null,
    priority: (row.priority as number | null) ?? null,
    reportedAt: at(row.reported_at),
    acceptedAt: at(row.accepted_at),
    firstAssignedAt: at(row.first_assigned_at),
    firstEnRouteAt: at(row.first_en_route_at),
    firstOnSceneAt: at(row.first_on_scene_at),
    closedAt: at(row.closed_at),
  };
}

/**
 * Creates the row, or else updates it with its state before the update read
 * under the row lock, so that the caller can tell what the event completed.
 * The insert first: once it has conflicted, the row exists (a concurrent
 * inserter has committed), so `FOR UPDATE` finds and locks it.
 */
interface Statement {
  sql: string;
  values: unknown[];
}

async function upsert(tx: SqlExecutor, insert: Statement, update: Statement): Promise<MilestoneChange | null> {
  const [created] = await tx.$queryRawUnsafe<Array<{ after: JsonRow }>>(
    `${insert.sql} ON CONFLICT (occurrence_id) DO NOTHING RETURNING to_jsonb(response_milestones) AS after`,
    ...insert.values,
  );
  if (created) return { before: null, after: fromJson(created.after) };
  // The update's `prior` is the row as it was, locked; its `$1` is the occurrence id.
  const [updated] = await tx.$queryRawUnsafe<Array<{ before: JsonRow; after: JsonRow }>>(
    `WITH prior AS (SELECT * FROM response_milestones WHERE occurrence_id = $1::uuid FOR UPDATE)
     ${update.sql} RETURNING to_jsonb(prior) AS before, to_jsonb(m) AS after`,
    ...update.values,
  );
  return updated ? { before: fromJson(updated.before), after: fromJson(updated.after) } : null;
}

/**
 * The response-times consumer's table. First milestones only move earlier
 * (LEAST), so neither a redelivered event nor a second unit moves them;
 * closing is recorded once; the occurrence's own fields follow its newest
 * snapshot version.
 */
export class ResponseMilestoneStore {
  constructor(private readonly prisma: DispatchPrisma) {}

  recordOccurrence(tx: SqlExecutor, occurrence: OccurrenceSnapshot): Promise<MilestoneChange | null> {
    const closed = (occurrence.status === 'resolved' || occurrence.status === 'cancelled') && occurrence.closedAt !== null;
    const values = [
      occurrence.id,
      occurrence.agencyId,
      occurrence.type,
      occurrence.priority,
      occurrence.version,
      occurrence.reportedAt,
      occurrence.acceptedAt,
      closed ? occurrence.closedAt : null,
      closed ? occurrence.status : null,
    ];
    const newer = '(m.occurrence_version IS NULL OR m.occurrence_version < $5::int)';
    const insert = `INSERT INTO response_milestones (occurrence_id, agency_id, type, priority, occurrence_version, reported_at, accepted_at, closed_at, outcome, updated_at)
       VALUES ($1::uuid, $2, $3, $4::smallint, $5::int, $6::timestamptz, $7::timestamptz, $8::timestamptz, $9, now())`;
    const update = `UPDATE response_milestones AS m SET
         agency_id = CASE WHEN ${newer} THEN $2 ELSE m.agency_id END,
         type = CASE WHEN ${newer} THEN $3 ELSE m.type END,
         priority = CASE WHEN ${newer} THEN $4::smallint ELSE m.priority END,
         reported_at = CASE WHEN ${newer} THEN $6::timestamptz ELSE m.reported_at END,
         accepted_at = CASE WHEN ${newer} THEN COALESCE($7::timestamptz, m.accepted_at) ELSE m.accepted_at END,
         occurrence_version = GREATEST(m.occurrence_version, $5::int),
         closed_at = COALESCE(m.closed_at, $8::timestamptz),
         outcome = COALESCE(m.outcome, $9),
         updated_at = now()
       FROM prior WHERE m.occurrence_id = prior.occurrence_id`;
    return upsert(tx, { sql: insert, values }, { sql: update, values });
  }

  /** Null when the event changed nothing (a later unit's milestone). */
  recordDispatch(tx: SqlExecutor, dispatch: DispatchSnapshot, milestone: DispatchMilestone, reachedAt: string): Promise<MilestoneChange | null> {
    const column = dispatchColumn[milestone];
    return upsert(
      tx,
      {
        sql: `INSERT INTO response_milestones (occurrence_id, agency_id, ${column}, updated_at) VALUES ($1::uuid, $2, $3::timestamptz, now())`,
        values: [dispatch.occurrenceId, dispatch.agencyId, reachedAt],
      },
      {
        sql: `UPDATE response_milestones AS m SET ${column} = LEAST(m.${column}, $2::timestamptz), updated_at = now()
              FROM prior WHERE m.occurrence_id = prior.occurrence_id AND (m.${column} IS NULL OR m.${column} > $2::timestamptz)`,
        values: [dispatch.occurrenceId, reachedAt],
      },
    );
  }

  /**
   * Occurrences reported in [from, to), earliest first, at most `limit` + 1 of
   * them (the extra one tells the caller there were more).
   */
  async listReported(query: { from: Date; to: Date; agencyId?: string; type?: string; priority?: number; limit: number }): Promise<ResponseMilestones[]> {
    return this.prisma.responseMilestone.findMany({
      where: { reportedAt: { gte: query.from, lt: query.to }, agencyId: query.agencyId, type: query.type, priority: query.priority },
      select: {
        occurrenceId: true,
        agencyId: true,
        type: true,
        priority: true,
        reportedAt: true,
        acceptedAt: true,
        firstAssignedAt: true,
        firstEnRouteAt: true,
        firstOnSceneAt: true,
        closedAt: true,
      },
      orderBy: [{ reportedAt: 'asc' }, { occurrenceId: 'asc' }],
      take: query.limit + 1,
    });
  }
}
