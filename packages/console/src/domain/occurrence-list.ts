import type { Occurrence, OccurrenceFilter, OccurrenceStatus, StatusCounts } from './types';

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

/** A live occurrence event as the board applies it: the snapshot, and the row it held for it, if any. */
export interface BoardEvent {
  type: string;
  snapshot: Occurrence;
  known: Occurrence | undefined;
}

// Where an occurrence was before each event, for one the board holds no row of; a cancellation may come from either open status.
const impliedPreviousStatus: Partial<Record<string, OccurrenceStatus>> = {
  'occurrence.started': 'reported',
  'occurrence.resolved': 'in_progress',
};

/** The status the counts held the occurrence under before the event: null when not counted (new, or outside the filter), undefined when unknown. */
function countedBefore({ type, snapshot, known }: BoardEvent, scope: OccurrenceFilter): OccurrenceStatus | null | undefined {
  if (known) return matchesFilter(known, scope) ? known.status : null;
  if (type === 'occurrence.created') return null;
  if (!matchesFilter(snapshot, scope)) return null; // status events change no field the filter reads
  return type === 'occurrence.updated' ? snapshot.status : impliedPreviousStatus[type];
}

/**
 * Applies a live event to the counts per status at once, as its row is: the
 * occurrence leaves the status it was counted under and joins its new one.
 * Counts ignore the status and external-id filters, as the server's do. When
 * the previous status is unknown, only the new one is counted; the server's
 * figures, refetched shortly after, settle it.
 */
export function applySnapshotToCounts(counts: StatusCounts | undefined, event: BoardEvent, filter: OccurrenceFilter): StatusCounts | undefined {
  if (!counts) return counts;
  const { snapshot, known } = event;
  if (known?.version !== undefined && snapshot.version !== undefined && snapshot.version <= known.version) return counts;
  const scope: OccurrenceFilter = { ...filter, status: '', externalId: '' };
  const before = countedBefore(event, scope);
  const after = matchesFilter(snapshot, scope) ? snapshot.status : null;
  if (before === after) return counts;
  const next = { ...counts };
  if (before) next[before] = Math.max(0, next[before] - 1);
  if (after) next[after] += 1;
  return next;
}

export const statusOrder: readonly OccurrenceStatus[] = ['reported', 'in_progress', 'resolved', 'cancelled'];
