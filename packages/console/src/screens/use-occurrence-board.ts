import { useCallback, useEffect, useRef, useState } from 'react';
import { useConsole, useLiveEvents } from '../app/console-context';
import { appendPage, applyOccurrenceSnapshot } from '../domain/occurrence-list';
import type { Occurrence, OccurrenceFilter, StatusCounts } from '../domain/types';

/** How long a newly reported occurrence stays highlighted on the board. */
export const highlightMs = 8000;

interface BoardState {
  rows: Occurrence[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error?: unknown;
}

/**
 * The board's data: the first page for the filter, further pages on demand,
 * live snapshots merged in place, counts per status kept fresh, and a full
 * refetch when the stream says it cannot replay (`resync`).
 */
export function useOccurrenceBoard(filter: OccurrenceFilter) {
  const { api } = useConsole();
  const [state, setState] = useState<BoardState>({ rows: [], nextCursor: null, loading: true, loadingMore: false });
  const [counts, setCounts] = useState<StatusCounts | undefined>(undefined);
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(new Set());
  const generation = useRef(0);
  const countsTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const filterKey = JSON.stringify(filter);

  const loadCounts = useCallback(() => {
    api.counts(filter).then(({ counts: next }) => setCounts(next), () => undefined);
  }, [api, filterKey]);

  const loadFirstPage = useCallback(() => {
    const mine = ++generation.current;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    api.occurrences(filter).then(
      (page) => mine === generation.current && setState({ rows: page.data, nextCursor: page.nextCursor, loading: false, loadingMore: false }),
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
    setState((previous) => ({ ...previous, rows: applyOccurrenceSnapshot(previous.rows, event.occurrence, filter, previous.nextCursor !== null) }));
    if (event.type === 'occurrence.created') highlight(event.occurrence.id);
    // Counts are refetched, debounced: a burst of events costs one request.
    clearTimeout(countsTimer.current);
    countsTimer.current = setTimeout(loadCounts, 1000);
  });

  return { ...state, counts, highlighted, loadMore, reload: loadFirstPage };
}
