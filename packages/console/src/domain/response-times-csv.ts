import { responseIntervals, type ResponseTimesReport } from './types';

type Cell = string | number | boolean | null | undefined;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line
 * break; text that a spreadsheet would run as a formula gets a leading
 * apostrophe. Numbers are written as they are (a dot for decimals).
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const bucketColumn = (upToSeconds: number | null) => (upToSeconds === null ? 'count_over_last_bucket' : `count_le_${upToSeconds}s`);

/**
 * The report as CSV, one row per group and interval: the figures, then the
 * histogram's count per bucket (not cumulative), a column per bucket bound.
 */
export function responseTimesCsv(report: ResponseTimesReport): string {
  const bounds = [...new Set(report.groups.flatMap((group) => responseIntervals.flatMap((interval) => group.intervals[interval].histogram.map((bucket) => bucket.upToSeconds))))].sort(
    (a, b) => (a === null ? 1 : b === null ? -1 : a - b),
  );
  const header = ['from', 'to', 'agency_id', 'type', 'priority', 'occurrences', 'interval', 'count', 'p50_seconds', 'p90_seconds', 'target_seconds', 'meeting_target_share', ...bounds.map(bucketColumn)];
  const rows = report.groups.flatMap((group) =>
    responseIntervals.map((interval) => {
      const figures = group.intervals[interval];
      const perBucket = new Map(figures.histogram.map((bucket) => [bucket.upToSeconds, bucket.count]));
      return [
        report.from,
        report.to,
        group.agencyId,
        group.type,
        group.priority,
        group.occurrences,
        interval,
        figures.count,
        figures.p50Seconds,
        figures.p90Seconds,
        figures.targetSeconds,
        figures.meetingTarget,
        ...bounds.map((bound) => perBucket.get(bound) ?? 0),
      ];
    }),
  );
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The file name of a period's export: response-times_2026-02-01_2026-02-07.csv. */
export const csvFileName = (fromDay: string, toDay: string) => `response-times_${fromDay}_${toDay}.csv`;
