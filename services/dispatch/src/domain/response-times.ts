import {
  RESPONSE_HISTOGRAM_BUCKETS,
  responseIntervals,
  type ResponseInterval,
  type ResponseIntervalFigures,
  type ResponseTargets,
  type ResponseTimesGroup,
  type ResponseTimesQuery,
} from '@atalaia/contracts';

/** An occurrence's response milestones, as the response-times consumer folds them from events. */
export interface ResponseMilestones {
  occurrenceId: string;
  agencyId: string;
  type: string | null;
  priority: number | null;
  reportedAt: Date | null;
  acceptedAt: Date | null;
  firstAssignedAt: Date | null;
  firstEnRouteAt: Date | null;
  firstOnSceneAt: Date | null;
  closedAt: Date | null;
}

type Milestone = 'reportedAt' | 'firstAssignedAt' | 'firstEnRouteAt' | 'firstOnSceneAt' | 'closedAt';

/** Where each interval starts and ends (NFPA 1710; see contracts/response-times.ts). */
const intervalEnds: Record<ResponseInterval, [Milestone, Milestone]> = {
  callProcessing: ['reportedAt', 'firstAssignedAt'],
  turnout: ['firstAssignedAt', 'firstEnRouteAt'],
  travel: ['firstEnRouteAt', 'firstOnSceneAt'],
  onScene: ['firstOnSceneAt', 'closedAt'],
};

/** The intervals that have targets, and the target field of each. */
const targetOf: Partial<Record<ResponseInterval, keyof ResponseTargets>> = { turnout: 'turnoutSeconds', travel: 'travelSeconds' };

export type TargetsFor = (agencyId: string) => ResponseTargets;
export type ResponseTimesGrouping = ResponseTimesQuery['groupBy'];

/**
 * The interval in seconds; null when an end is missing, or when it would be
 * negative (clocks of different systems): neither is a duration to count.
 */
export function intervalSeconds(row: ResponseMilestones, interval: ResponseInterval): number | null {
  const [start, end] = intervalEnds[interval];
  const from = row[start];
  const to = row[end];
  if (!from || !to || to < from) return null;
  return (to.getTime() - from.getTime()) / 1000;
}

/** The intervals `after` has that `before` (null: no row yet) did not: each is observed once, when it first completes. */
export function newlyCompletedIntervals(
  before: ResponseMilestones | null,
  after: ResponseMilestones,
): Array<{ interval: ResponseInterval; seconds: number }> {
  return responseIntervals.flatMap((interval) => {
    const seconds = intervalSeconds(after, interval);
    return seconds !== null && (before === null || intervalSeconds(before, interval) === null) ? [{ interval, seconds }] : [];
  });
}

/**
 * Nearest-rank percentile of ascending `sorted`: the smallest value with at
 * least p % of the values at or below it, i.e. sorted[ceil(p/100 · n) − 1].
 * Always one of the observed values (no interpolation); null when empty.
 */
export function nearestRankPercentile(sorted: readonly number[], percentile: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Counts per bucket (not cumulative), the last one the overflow (+Inf). */
export function histogramOf(values: readonly number[]): ResponseIntervalFigures['histogram'] {
  const bounds: Array<number | null> = [...RESPONSE_HISTOGRAM_BUCKETS, null];
  const counts = bounds.map(() => 0);
  for (const value of values) {
    const bucket = bounds.findIndex((bound) => bound === null || value <= bound);
    counts[bucket]! += 1;
  }
  return bounds.map((upToSeconds, index) => ({ upToSeconds, count: counts[index]! }));
}

function figuresOf(rows: readonly ResponseMilestones[], interval: ResponseInterval, targetsFor: TargetsFor, groupAgency: string | null): ResponseIntervalFigures {
  const measured = rows.flatMap((row) => {
    const seconds = intervalSeconds(row, interval);
    return seconds === null ? [] : [{ seconds, agencyId: row.agencyId }];
  });
  const sorted = measured.map((entry) => entry.seconds).sort((a, b) => a - b);
  const targetField = targetOf[interval];
  let targetSeconds: number | null = null;
  let meetingTarget: number | null = null;
  if (targetField) {
    // Each occurrence is held to its own agency's target; the group shows one only when they all share it.
    const targets = new Set(measured.map((entry) => targetsFor(entry.agencyId)[targetField]));
    if (measured.length === 0) targets.add(targetsFor(groupAgency ?? 'default')[targetField]);
    targetSeconds = targets.size === 1 ? [...targets][0]! : null;
    const meeting = measured.filter((entry) => entry.seconds <= targetsFor(entry.agencyId)[targetField]).length;
    meetingTarget = measured.length === 0 ? null : meeting / measured.length;
  }
  return {
    count: sorted.length,
    p50Seconds: nearestRankPercentile(sorted, 50),
    p90Seconds: nearestRankPercentile(sorted, 90),
    targetSeconds,
    meetingTarget,
    histogram: histogramOf(sorted),
  };
}

type GroupKey = Pick<ResponseTimesGroup, 'agencyId' | 'type' | 'priority'>;

function keyOf(row: ResponseMilestones, groupBy: ResponseTimesGrouping): GroupKey {
  const byAgency = groupBy === 'agency' || groupBy === 'agency_type_priority';
  const byType = groupBy === 'type' || groupBy === 'agency_type_priority';
  const byPriority = groupBy === 'priority' || groupBy === 'agency_type_priority';
  return { agencyId: byAgency ? row.agencyId : null, type: byType ? row.type : null, priority: byPriority ? row.priority : null };
}

const compareNullable = <T extends string | number>(a: T | null, b: T | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
const negated = (value: number | null) => (value === null ? null : -value);

/**
 * The report's groups: `none` is always one group (the whole period, even
 * empty); the other groupings give one group per key that has occurrences,
 * ordered by agency, type, then priority (most urgent first), unknowns last.
 */
export function responseTimeGroups(rows: readonly ResponseMilestones[], groupBy: ResponseTimesGrouping, targetsFor: TargetsFor): ResponseTimesGroup[] {
  const groups = new Map<string, { key: GroupKey; rows: ResponseMilestones[] }>();
  const none: GroupKey = { agencyId: null, type: null, priority: null };
  if (groupBy === 'none') groups.set(JSON.stringify(none), { key: none, rows: [] });
  for (const row of rows) {
    const key = keyOf(row, groupBy);
    const id = JSON.stringify(key);
    const group = groups.get(id) ?? groups.set(id, { key, rows: [] }).get(id)!;
    group.rows.push(row);
  }
  const single = new Set(rows.map((row) => row.agencyId));
  return [...groups.values()]
    .sort((a, b) => compareNullable(a.key.agencyId, b.key.agencyId) || compareNullable(a.key.type, b.key.type) || compareNullable(negated(a.key.priority), negated(b.key.priority)))
    .map(({ key, rows: members }) => {
      const groupAgency = key.agencyId ?? (single.size === 1 ? [...single][0]! : null);
      const intervals = Object.fromEntries(responseIntervals.map((interval) => [interval, figuresOf(members, interval, targetsFor, groupAgency)]));
      return { ...key, occurrences: members.length, intervals: intervals as ResponseTimesGroup['intervals'] };
    });
}
