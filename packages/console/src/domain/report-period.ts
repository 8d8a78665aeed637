/** A report period as the picker holds it: calendar days in local time, both ends included ("YYYY-MM-DD"). */
export interface ReportPeriod {
  from: string;
  to: string;
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const pad = (value: number) => String(value).padStart(2, '0');

export const dayOf = (date: Date): string => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

function startOfDay(day: string): Date | null {
  const match = dayPattern.exec(day);
  if (!match) return null;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) || dayOf(date) !== day ? null : date;
}

/** The last `days` days, today included. */
export function lastDays(now: Date, days = 7): ReportPeriod {
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1));
  return { from: dayOf(from), to: dayOf(now) };
}

/**
 * The instants the report asks for: from the start of the first day to the
 * start of the day after the last (the report's `to` is exclusive), or null
 * when a day is missing or the period ends before it starts.
 */
export function periodRange({ from, to }: ReportPeriod): { from: string; to: string } | null {
  const start = startOfDay(from);
  const lastDay = startOfDay(to);
  if (!start || !lastDay || lastDay < start) return null;
  const end = new Date(lastDay.getFullYear(), lastDay.getMonth(), lastDay.getDate() + 1);
  return { from: start.toISOString(), to: end.toISOString() };
}
