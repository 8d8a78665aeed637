import { NFPA_1710_TARGETS } from '@atalaia/contracts';
import {
  histogramOf,
  intervalSeconds,
  nearestRankPercentile,
  newlyCompletedIntervals,
  responseTimeGroups,
  type ResponseMilestones,
} from '../src/domain/response-times';
import { targetsLookup } from '../src/use-cases/report-response-times';

const t0 = Date.parse('2026-12-06T10:00:00Z');
const at = (seconds: number | null) => (seconds === null ? null : new Date(t0 + seconds * 1000));

/** An occurrence reported at t0 whose milestones come the given seconds after it. */
function milestones(
  offsets: { assigned?: number | null; enRoute?: number | null; onScene?: number | null; closed?: number | null },
  fields: Partial<Pick<ResponseMilestones, 'agencyId' | 'type' | 'priority'>> = {},
): ResponseMilestones {
  return {
    occurrenceId: 'o',
    agencyId: fields.agencyId ?? 'agency-a',
    type: fields.type ?? 'incendio_urbano',
    priority: fields.priority ?? null,
    reportedAt: at(0),
    acceptedAt: at(1),
    firstAssignedAt: at(offsets.assigned ?? null),
    firstEnRouteAt: at(offsets.enRoute ?? null),
    firstOnSceneAt: at(offsets.onScene ?? null),
    closedAt: at(offsets.closed ?? null),
  };
}

/** Assigned 60 s after the report, then en route `turnout` seconds later. */
const withTurnout = (turnout: number, fields: Parameters<typeof milestones>[1] = {}) => milestones({ assigned: 60, enRoute: 60 + turnout }, fields);
const onlyDefaults = targetsLookup({ default: NFPA_1710_TARGETS });

describe('response times', () => {
  it('when percentiles are nearest-rank, then they are the observed values at ranks ceil(p/100 · n)', () => {
    const tenValues = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    expect(nearestRankPercentile(tenValues, 50)).toBe(50);
    expect(nearestRankPercentile(tenValues, 90)).toBe(90);
    expect(nearestRankPercentile([10, 20, 30], 50)).toBe(20);
    expect(nearestRankPercentile([10, 20, 30], 90)).toBe(30);
    expect(nearestRankPercentile([42], 90)).toBe(42);
    expect(nearestRankPercentile([10, 20], 0)).toBe(10);
    expect(nearestRankPercentile([], 50)).toBeNull();
  });

  it('when an end is missing or the interval would be negative, then it is not a duration', () => {
    const row = milestones({ assigned: 90, enRoute: 150 });
    expect(intervalSeconds(row, 'callProcessing')).toBe(90);
    expect(intervalSeconds(row, 'turnout')).toBe(60);
    expect(intervalSeconds(row, 'travel')).toBeNull();
    expect(intervalSeconds(milestones({ assigned: 90, enRoute: 80 }), 'turnout')).toBeNull();
  });

  it('when values fall in the histogram, then each counts once in the first bucket whose bound it does not exceed, the rest in +Inf', () => {
    const histogram = histogramOf([30, 31, 80, 80.5, 1800, 1801]);
    const counts = Object.fromEntries(histogram.map(({ upToSeconds, count }) => [String(upToSeconds), count]));
    expect(counts).toEqual({ '30': 1, '60': 1, '80': 1, '120': 1, '180': 0, '240': 0, '300': 0, '480': 0, '600': 0, '900': 0, '1200': 0, '1800': 1, null: 1 });
  });

  it('when a row gains an interval, then only that interval is newly complete; a row that already had it completes nothing', () => {
    const assigned = milestones({ assigned: 60 });
    const enRoute = milestones({ assigned: 60, enRoute: 100 });
    expect(newlyCompletedIntervals(null, assigned)).toEqual([{ interval: 'callProcessing', seconds: 60 }]);
    expect(newlyCompletedIntervals(assigned, enRoute)).toEqual([{ interval: 'turnout', seconds: 40 }]);
    expect(newlyCompletedIntervals(enRoute, enRoute)).toEqual([]);
  });

  it('when ten occurrences have known turnouts, then count, p50, p90 and the share within the 80 s target are exact', () => {
    const rows = [30, 40, 50, 60, 70, 80, 90, 100, 110, 120].map((turnout) => withTurnout(turnout));

    const [group] = responseTimeGroups(rows, 'none', onlyDefaults);

    expect(group).toMatchObject({ agencyId: null, type: null, priority: null, occurrences: 10 });
    expect(group!.intervals.turnout).toMatchObject({ count: 10, p50Seconds: 70, p90Seconds: 110, targetSeconds: 80, meetingTarget: 0.6 });
    expect(group!.intervals.callProcessing).toMatchObject({ count: 10, p50Seconds: 60, p90Seconds: 60, targetSeconds: null, meetingTarget: null });
    expect(group!.intervals.travel).toMatchObject({ count: 0, p50Seconds: null, p90Seconds: null, targetSeconds: 240, meetingTarget: null });
    expect(group!.intervals.turnout.histogram.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(10);
  });

  it('when there are no occurrences, then `none` still gives one empty group and the other groupings none', () => {
    expect(responseTimeGroups([], 'none', onlyDefaults)).toEqual([
      expect.objectContaining({ occurrences: 0, intervals: expect.objectContaining({ turnout: expect.objectContaining({ count: 0, meetingTarget: null }) }) }),
    ]);
    expect(responseTimeGroups([], 'agency', onlyDefaults)).toEqual([]);
  });

  it('when grouped by agency, type and priority, then each key is a group, ordered by agency, type and most urgent first, unknown priority last', () => {
    const rows = [
      withTurnout(50, { agencyId: 'agency-b', type: 'resgate', priority: 3 }),
      withTurnout(60, { agencyId: 'agency-a', type: 'resgate', priority: null }),
      withTurnout(70, { agencyId: 'agency-a', type: 'resgate', priority: 8 }),
      withTurnout(90, { agencyId: 'agency-a', type: 'resgate', priority: 8 }),
      withTurnout(40, { agencyId: 'agency-a', type: 'incendio_urbano', priority: 2 }),
    ];

    const groups = responseTimeGroups(rows, 'agency_type_priority', onlyDefaults);

    expect(groups.map(({ agencyId, type, priority, occurrences }) => [agencyId, type, priority, occurrences])).toEqual([
      ['agency-a', 'incendio_urbano', 2, 1],
      ['agency-a', 'resgate', 8, 2],
      ['agency-a', 'resgate', null, 1],
      ['agency-b', 'resgate', 3, 1],
    ]);
    expect(groups[1]!.intervals.turnout).toMatchObject({ count: 2, p50Seconds: 70, p90Seconds: 90, meetingTarget: 0.5 });
    expect(responseTimeGroups(rows, 'type', onlyDefaults).map((group) => [group.type, group.occurrences])).toEqual([
      ['incendio_urbano', 1],
      ['resgate', 4],
    ]);
  });

  it('when agencies have targets of their own, then each occurrence is held to its agency target and a mixed group shows no single target', () => {
    const targetsFor = targetsLookup({ default: { turnoutSeconds: 60, travelSeconds: 300 }, 'agency-b': { turnoutSeconds: 100, travelSeconds: 300 } });
    const rows = [withTurnout(90, { agencyId: 'agency-a' }), withTurnout(90, { agencyId: 'agency-b' })];

    const [all] = responseTimeGroups(rows, 'none', targetsFor);
    const byAgency = responseTimeGroups(rows, 'agency', targetsFor);

    expect(all!.intervals.turnout).toMatchObject({ targetSeconds: null, meetingTarget: 0.5 });
    expect(all!.intervals.travel).toMatchObject({ count: 0, targetSeconds: 300 });
    expect(byAgency.map((group) => [group.agencyId, group.intervals.turnout.targetSeconds, group.intervals.turnout.meetingTarget])).toEqual([
      ['agency-a', 60, 0],
      ['agency-b', 100, 1],
    ]);
    expect(targetsLookup({})('anyone')).toEqual(NFPA_1710_TARGETS);
  });
});
