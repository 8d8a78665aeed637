import type { Occurrence, OccurrenceFilter, OccurrenceStatus } from './types';

/** Whether an occurrence belongs on a board with this filter (the server's rules, for live events). */
export function matchesFilter(occurrence: Occurrence, filter: OccurrenceFilter): boolean {
  if (filter.status && occurrence.status !== filter.status) return false;
  if (filter.type && occurrence.type !== filter.type) return false;
  if (filter.agencyId && occurrence.agencyId !== filter.agencyId) return false;
  if (filter.externalId && occurrence.externalId !== filter.externalId) return false;
  const reported = Date.parse(occurrence.reportedAt);
  if (filter.reportedFrom && reported < Date.parse(filter.reportedFrom)) return false;
  if (filter.reportedTo && reported >= Date.parse(filter.reportedTo)) return false;
  return true;
}

/** The board's order: newest reported first, ties by id (descending), as the list endpoint. */
export function compareBoardOrder(a: Occurrence, b: Occurrence): number {
  return Date.parse(b.reportedAt) - Date.parse(a.reportedAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Applies an occurrence snapshot from the live stream to the rows shown:
 * replaces the row, inserts it in board order when it now matches, removes it
 * when it no longer does. A row older than the last loaded one is left to
 * "load more", so pages stay contiguous.
 */
export function applyOccurrenceSnapshot(rows: readonly Occurrence[], snapshot: Occurrence, filter: OccurrenceFilter, hasMore: boolean): Occurrence[] {
  const without = rows.filter((row) => row.id !== snapshot.id);
  const existing = without.length !== rows.length;
  if (!matchesFilter(snapshot, filter)) return existing ? without : [...rows];
  const last = without.at(-1);
  if (!existing && hasMore && last && compareBoardOrder(snapshot, last) > 0) return [...rows];
  const index = without.findIndex((row) => compareBoardOrder(snapshot, row) < 0);
  return index === -1 ? [...without, snapshot] : [...without.slice(0, index), snapshot, ...without.slice(index)];
}

/** Appends a further page, dropping rows a live event already brought in. */
export function appendPage(rows: readonly Occurrence[], page: readonly Occurrence[]): Occurrence[] {
  const known = new Set(rows.map((row) => row.id));
  return [...rows, ...page.filter((row) => !known.has(row.id))];
}

export const statusOrder: readonly OccurrenceStatus[] = ['reported', 'in_progress', 'resolved', 'cancelled'];
