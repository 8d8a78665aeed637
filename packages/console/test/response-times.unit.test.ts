import { histogramChart, niceScale, secondsToX } from '../src/domain/histogram-chart';
import { lastDays, periodRange } from '../src/domain/report-period';
import { csvCell, csvFileName, responseTimesCsv } from '../src/domain/response-times-csv';
import type { HistogramBucket, ResponseIntervalFigures, ResponseTimesReport } from '../src/domain/types';

const bounds = [30, 60, 80, 120, 180, 240, 300, 480, 600, 900, 1200, 1800];
const histogramOf = (counts: Partial<Record<number | 'over', number>> = {}): HistogramBucket[] => [
  ...bounds.map((upToSeconds) => ({ upToSeconds, count: counts[upToSeconds] ?? 0 })),
  { upToSeconds: null, count: counts.over ?? 0 },
];

function figures(overrides: Partial<ResponseIntervalFigures> = {}): ResponseIntervalFigures {
  return { count: 0, p50Seconds: null, p90Seconds: null, targetSeconds: null, meetingTarget: null, histogram: histogramOf(), ...overrides };
}

describe('report period', () => {
  it('when the screen opens, then the period is the last 7 days, today included', () => {
    expect(lastDays(new Date(2026, 1, 10, 15, 30))).toEqual({ from: '2026-02-04', to: '2026-02-10' });
    expect(lastDays(new Date(2026, 2, 2, 0, 5))).toEqual({ from: '2026-02-24', to: '2026-03-02' });
  });

  it('when a period is asked for, then it runs from the start of the first day to the start of the day after the last (to is exclusive)', () => {
    expect(periodRange({ from: '2026-02-04', to: '2026-02-10' })).toEqual({
      from: new Date(2026, 1, 4).toISOString(),
      to: new Date(2026, 1, 11).toISOString(),
    });
    expect(periodRange({ from: '2026-02-10', to: '2026-02-10' })).toEqual({ from: new Date(2026, 1, 10).toISOString(), to: new Date(2026, 1, 11).toISOString() });
  });

  it('when the period ends before it starts, or a day is missing or not a date, then there is no range', () => {
    expect(periodRange({ from: '2026-02-10', to: '2026-02-09' })).toBeNull();
    expect(periodRange({ from: '', to: '2026-02-09' })).toBeNull();
    expect(periodRange({ from: '2026-02-30', to: '2026-03-01' })).toBeNull();
  });
});

describe('histogram chart scaling', () => {
  it.each([
    [0, 1, 1],
    [3, 3, 1],
    [7, 8, 2],
    [13, 15, 5],
    [42, 60, 20],
    [180, 200, 50],
  ])('when the largest bucket holds %i, then the count axis tops at %i in steps of %i', (max, top, step) => {
    expect(niceScale(max)).toEqual({ top, step });
  });

  it('when buckets are drawn, then each has the same width and a height proportional to its count, the largest reaching the axis top', () => {
    const chart = histogramChart({ histogram: histogramOf({ 60: 4, 80: 8, over: 2 }), p90Seconds: null, targetSeconds: null });
    const plotHeight = chart.plot.bottom - chart.plot.top;
    expect(chart.bars).toHaveLength(13);
    expect(new Set(chart.bars.map((bar) => bar.width.toFixed(6))).size).toBe(1);
    expect(chart.bars[2]?.height).toBeCloseTo(plotHeight);
    expect(chart.bars[1]?.height).toBeCloseTo(plotHeight / 2);
    expect(chart.bars[0]?.height).toBe(0);
    expect(chart.bars.every((bar) => bar.y + bar.height === chart.plot.bottom)).toBe(true);
    expect(chart.ticks.map((tick) => tick.value)).toEqual([0, 2, 4, 6, 8]);
  });

  it('when a value lies on a bucket bound, then it sits at the edge between two bars; inside a bucket, in proportion', () => {
    const histogram = histogramOf();
    const slot = 10;
    expect(secondsToX(80, histogram, 0, slot)).toBe(30); // the end of the third bucket, (60, 80]
    expect(secondsToX(70, histogram, 0, slot)).toBe(25);
    expect(secondsToX(0, histogram, 0, slot)).toBe(0);
    expect(secondsToX(2700, histogram, 0, slot)).toBe(125); // halfway through the overflow bucket (1800, 3600)
    expect(secondsToX(99_999, histogram, 0, slot)).toBe(130);
  });

  it('when there is a target, then its line and the p90 marker are on the seconds axis, and buckets past the target are marked', () => {
    const chart = histogramChart({ histogram: histogramOf({ 60: 3, 120: 2 }), p90Seconds: 100, targetSeconds: 80 });
    const slot = (chart.plot.right - chart.plot.left) / 13;
    expect(chart.targetX).toBeCloseTo(chart.plot.left + 3 * slot);
    expect(chart.p90X).toBeCloseTo(chart.plot.left + 3.5 * slot);
    expect(chart.p90X!).toBeGreaterThan(chart.targetX!);
    expect(chart.bars.map((bar) => bar.overTarget)).toEqual([false, false, false, ...Array(10).fill(true)]);
  });

  it('when there is no target or no figure, then nothing is marked', () => {
    const chart = histogramChart({ histogram: histogramOf(), p90Seconds: null, targetSeconds: null });
    expect(chart.targetX).toBeNull();
    expect(chart.p90X).toBeNull();
    expect(chart.bars.some((bar) => bar.overTarget)).toBe(false);
  });
});

describe('response times CSV export', () => {
  const report: ResponseTimesReport = {
    from: '2026-02-04T03:00:00.000Z',
    to: '2026-02-11T03:00:00.000Z',
    targets: { default: { turnoutSeconds: 80, travelSeconds: 240 } },
    truncated: false,
    groups: [
      {
        agencyId: 'cbm-se',
        type: null,
        priority: null,
        occurrences: 12,
        intervals: {
          callProcessing: figures({ count: 12, p50Seconds: 40, p90Seconds: 75, histogram: histogramOf({ 30: 2, 60: 7, 80: 3 }) }),
          turnout: figures({ count: 10, p50Seconds: 55, p90Seconds: 95, targetSeconds: 80, meetingTarget: 0.8, histogram: histogramOf({ 60: 6, 80: 2, 120: 2 }) }),
          travel: figures({ count: 9, p50Seconds: 200, p90Seconds: 310, targetSeconds: 240, meetingTarget: 0.6667, histogram: histogramOf({ 240: 6, 480: 3 }) }),
          onScene: figures(),
        },
      },
    ],
  };
  const parse = (csv: string) => csv.trimEnd().split('\r\n').map((line) => line.split(','));

  it('when a report is exported, then there is one row per group and interval after a header naming figures and buckets', () => {
    const [header, ...rows] = parse(responseTimesCsv(report));
    expect(header?.slice(0, 12)).toEqual(['from', 'to', 'agency_id', 'type', 'priority', 'occurrences', 'interval', 'count', 'p50_seconds', 'p90_seconds', 'target_seconds', 'meeting_target_share']);
    expect(header?.slice(12)).toEqual([...bounds.map((bound) => `count_le_${bound}s`), 'count_over_last_bucket']);
    expect(rows.map((row) => row[6])).toEqual(['callProcessing', 'turnout', 'travel', 'onScene']);
    expect(rows[1]?.slice(0, 12)).toEqual(['2026-02-04T03:00:00.000Z', '2026-02-11T03:00:00.000Z', 'cbm-se', '', '', '12', 'turnout', '10', '55', '95', '80', '0.8']);
    expect(rows[1]?.slice(12, 16)).toEqual(['0', '6', '2', '2']);
    expect(rows[3]?.slice(7, 12)).toEqual(['0', '', '', '', '']);
  });

  it('when the report has no group, then the export is the header alone', () => {
    expect(parse(responseTimesCsv({ ...report, groups: [] }))).toHaveLength(1);
  });

  it('when a text cell holds a comma, a quote, a line break or starts like a formula, then it is quoted or defused', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(0.5)).toBe('0.5');
  });

  it('when the file is named, then it carries the period', () => {
    expect(csvFileName('2026-02-04', '2026-02-10')).toBe('response-times_2026-02-04_2026-02-10.csv');
  });
});
