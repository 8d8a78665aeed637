import { useCallback, useEffect, useRef, useState } from 'react';
import { useConsole, useLiveEvents } from '../app/console-context';
import { appendPage, applyOccurrenceSnapshot, applySnapshotToCounts } from '../domain/occurrence-list';
import type { Occurrence, OccurrenceFilter, StatusCounts } from '../domain/types';

/** How long a newly reported occurrence stays highlighted on the board. */
export const highlightMs = 8000;

/** How soon after a live event the counts are checked against the server's (at most once per period). */
export const countsCheckMs = 1000;

interface BoardState {
  rows: Occurrence[];
  counts: StatusCounts | undefined;
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error?: unknown;
}

/**
 * The board's data: the first page for the filter, further pages on demand,
 * live snapshots merged into the rows and the counts alike, and a full
 * refetch when the stream says it cannot replay (`resync`). The counts follow
 * each event at once and are checked against the server's shortly after.
 */
export function useOccurrenceBoard(filter: OccurrenceFilter) {
  const { api } = useConsole();
  const [state, setState] = useState<BoardState>({ rows: [], counts: undefined, nextCursor: null, loading: true, loadingMore: false });
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(new Set());
  const generation = useRef(0);
  const countsRequest = useRef(0);
  const countsTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const filterKey = JSON.stringify(filter);

  // Only the latest request's answer is applied: an older, slower one would put back figures already overtaken.
  const loadCounts = useCallback(() => {
    const mine = ++countsRequest.current;
    api.counts(filter).then(
      ({ counts }) => mine === countsRequest.current && setState((previous) => ({ ...previous, counts })),
      () => undefined, // the next event or reload asks again
    );
  }, [api, filterKey]);

  // A throttle, not a debounce: a steady flow of events must not postpone the check for ever.
  const checkCountsSoon = () => {
    if (countsTimer.current !== undefined) return;
    countsTimer.current = setTimeout(() => {
      countsTimer.current = undefined;
      loadCounts();
    }, countsCheckMs);
  };

  const loadFirstPage = useCallback(() => {
    const mine = ++generation.current;
    clearTimeout(countsTimer.current);
    countsTimer.current = undefined;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    api.occurrences(filter).then(
      (page) => mine === generation.current && setState((previous) => ({ ...previous, rows: page.data, nextCursor: page.nextCursor, loading: false, loadingMore: false })),
      (error: unknown) => mine === generation.current && setState((previous) => ({ ...previous, loading: false, error })),
    );
    loadCounts();
  }, [api, filterKey, loadCounts]);

  useEffect(() => loadFirstPage(), [loadFirstPage]);
  useEffect(() => () => clearTimeout(countsTimer.current), []);

  const loadMore = useCallback(() => {
    if (!state.nextCursor || state.loadingMore) return;
    const mine = generation.current;
    setState((previous) => ({ ...previous, loadingMore: true }));
    api.occurrences(filter, state.nextCursor).then(
      (page) => mine === generation.current && setState((previous) => ({ ...previous, rows: appendPage(previous.rows, page.data), nextCursor: page.nextCursor, loadingMore: false })),
      (error: unknown) => mine === generation.current && setState((previous) => ({ ...previous, loadingMore: false, error })),
    );
  }, [api, filterKey, state.nextCursor, state.loadingMore]);

  const highlight = (id: string) => {
    setHighlighted((previous) => new Set(previous).add(id));
    setTimeout(() => setHighlighted((previous) => {
      const next = new Set(previous);
      next.delete(id);
      return next;
    }), highlightMs);
  };

  useLiveEvents((event) => {
    if (event.kind === 'resync') return loadFirstPage();
    if (event.kind !== 'occurrence') return;
    const { occurrence, type } = event;
    setState((previous) => ({
      ...previous,
      rows: applyOccurrenceSnapshot(previous.rows, occurrence, filter, previous.nextCursor !== null),
      counts: applySnapshotToCounts(previous.counts, { type, snapshot: occurrence, known: previous.rows.find((row) => row.id === occurrence.id) }, filter),
    }));
    if (type === 'occurrence.created') highlight(occurrence.id);
    checkCountsSoon();
  });

  return { ...state, highlighted, loadMore, reload: loadFirstPage };
}
