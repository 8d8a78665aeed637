import { appendPage, applyOccurrenceSnapshot, applySnapshotToCounts, matchesFilter } from '../src/domain/occurrence-list';
import { emptyFilter, type StatusCounts } from '../src/domain/types';
import { anOccurrence } from './builders';

const at = (hour: number) => `2026-02-01T${String(hour).padStart(2, '0')}:00:00.000Z`;

describe('live occurrences on the board', () => {
  it('when a new occurrence arrives, then it is inserted in board order (newest reported first)', () => {
    const rows = [anOccurrence({ reportedAt: at(12) }), anOccurrence({ reportedAt: at(10) })];
    const created = anOccurrence({ reportedAt: at(11) });
    expect(applyOccurrenceSnapshot(rows, created, emptyFilter, false).map((row) => row.reportedAt)).toEqual([at(12), at(11), at(10)]);
  });

  it('when a shown occurrence changes status, then its row is replaced in place', () => {
    const target = anOccurrence({ reportedAt: at(11) });
    const rows = [anOccurrence({ reportedAt: at(12) }), target, anOccurrence({ reportedAt: at(10) })];
    const next = applyOccurrenceSnapshot(rows, { ...target, status: 'in_progress' }, emptyFilter, false);
    expect(next.map((row) => row.id)).toEqual(rows.map((row) => row.id));
    expect(next[1]?.status).toBe('in_progress');
  });

  it('when an occurrence no longer matches the status filter, then it leaves the board', () => {
    const target = anOccurrence({ status: 'reported' });
    const next = applyOccurrenceSnapshot([target], { ...target, status: 'in_progress' }, { ...emptyFilter, status: 'reported' }, false);
    expect(next).toEqual([]);
  });

  it('when an occurrence of another type arrives on a filtered board, then it is not shown', () => {
    const next = applyOccurrenceSnapshot([], anOccurrence({ type: 'salvamento' }), { ...emptyFilter, type: 'incendio_urbano' }, false);
    expect(next).toEqual([]);
  });

  it('when an occurrence older than the last loaded row arrives and more pages exist, then it is left for "load more"', () => {
    const rows = [anOccurrence({ reportedAt: at(12) })];
    expect(applyOccurrenceSnapshot(rows, anOccurrence({ reportedAt: at(9) }), emptyFilter, true)).toEqual(rows);
    expect(applyOccurrenceSnapshot(rows, anOccurrence({ reportedAt: at(9) }), emptyFilter, false)).toHaveLength(2);
  });

  it('when the next page repeats a row a live event brought in, then it is not shown twice', () => {
    const shared = anOccurrence();
    expect(appendPage([shared], [shared, anOccurrence()])).toHaveLength(2);
  });

  it('when the period filter is set, then reportedFrom is inclusive and reportedTo exclusive', () => {
    const filter = { ...emptyFilter, reportedFrom: at(10), reportedTo: at(12) };
    expect(matchesFilter(anOccurrence({ reportedAt: at(10) }), filter)).toBe(true);
    expect(matchesFilter(anOccurrence({ reportedAt: at(12) }), filter)).toBe(false);
  });

  it('when the agency or external id filter is set, then only exact matches pass', () => {
    expect(matchesFilter(anOccurrence({ agencyId: 'cbm-al' }), { ...emptyFilter, agencyId: 'cbm-se' })).toBe(false);
    expect(matchesFilter(anOccurrence({ externalId: 'X-1' }), { ...emptyFilter, externalId: 'X-1' })).toBe(true);
  });
});

describe('status counts following live events', () => {
  const counts = (reported: number, in_progress = 0, resolved = 0, cancelled = 0): StatusCounts => ({ reported, in_progress, resolved, cancelled });

  it('when a second occurrence is reported live, then the reported count is 2 at once, with the row (not a second later)', () => {
    const first = anOccurrence();
    const second = anOccurrence();
    expect(applySnapshotToCounts(counts(1), { type: 'occurrence.created', snapshot: second, known: undefined }, emptyFilter)).toEqual(counts(2));
    expect(applySnapshotToCounts(counts(1), { type: 'occurrence.created', snapshot: first, known: first }, emptyFilter)).toEqual(counts(1));
  });

  it('when a shown occurrence is started, then one moves from reported to in progress', () => {
    const shown = anOccurrence({ status: 'reported', version: 1 });
    const started = { ...shown, status: 'in_progress' as const, version: 2 };
    expect(applySnapshotToCounts(counts(2), { type: 'occurrence.started', snapshot: started, known: shown }, emptyFilter)).toEqual(counts(1, 1));
  });

  it('when the occurrence is not among the loaded rows, then the event type says where it came from', () => {
    const resolved = anOccurrence({ status: 'resolved' });
    const started = anOccurrence({ status: 'in_progress' });
    expect(applySnapshotToCounts(counts(3, 2), { type: 'occurrence.resolved', snapshot: resolved, known: undefined }, emptyFilter)).toEqual(counts(3, 1, 1));
    expect(applySnapshotToCounts(counts(3, 2), { type: 'occurrence.started', snapshot: started, known: undefined }, emptyFilter)).toEqual(counts(2, 3));
  });

  it('when a cancellation arrives for an unknown row, then cancelled goes up and the rest waits for the server', () => {
    const cancelled = anOccurrence({ status: 'cancelled' });
    expect(applySnapshotToCounts(counts(3, 2), { type: 'occurrence.cancelled', snapshot: cancelled, known: undefined }, emptyFilter)).toEqual(counts(3, 2, 0, 1));
  });

  it('when the event is a replay of what the row already shows (same or older version), then nothing changes', () => {
    const shown = anOccurrence({ status: 'in_progress', version: 3 });
    const older = { ...shown, status: 'reported' as const, version: 2 };
    expect(applySnapshotToCounts(counts(1, 1), { type: 'occurrence.created', snapshot: older, known: shown }, emptyFilter)).toEqual(counts(1, 1));
  });

  it('when the counts are filtered by type or period, then an occurrence outside them is not counted; the status filter is ignored as the server does', () => {
    const other = anOccurrence({ type: 'salvamento' });
    expect(applySnapshotToCounts(counts(1), { type: 'occurrence.created', snapshot: other, known: undefined }, { ...emptyFilter, type: 'incendio_urbano' })).toEqual(counts(1));
    const started = anOccurrence({ status: 'in_progress' });
    expect(applySnapshotToCounts(counts(1), { type: 'occurrence.started', snapshot: started, known: undefined }, { ...emptyFilter, status: 'reported' })).toEqual(counts(0, 1));
  });

  it('when the counts are not loaded yet, then they stay unknown', () => {
    expect(applySnapshotToCounts(undefined, { type: 'occurrence.created', snapshot: anOccurrence(), known: undefined }, emptyFilter)).toBeUndefined();
  });

  it('when a count would go below zero (the server had not counted it), then it stays at zero', () => {
    const started = anOccurrence({ status: 'in_progress' });
    expect(applySnapshotToCounts(counts(0), { type: 'occurrence.started', snapshot: started, known: undefined }, emptyFilter)).toEqual(counts(0, 1));
  });
});
