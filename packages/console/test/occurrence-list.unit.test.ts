import { appendPage, applyOccurrenceSnapshot, matchesFilter } from '../src/domain/occurrence-list';
import { emptyFilter } from '../src/domain/types';
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
