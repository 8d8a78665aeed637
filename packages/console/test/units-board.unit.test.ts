import { applyDispatchSnapshot, groupByStatus } from '../src/domain/units-board';
import { aDispatch } from './builders';

describe('units board', () => {
  it('when dispatches are grouped, then each active status has its own column, longest in status first', () => {
    const early = aDispatch({ status: 'en_route', updatedAt: '2026-02-01T10:00:00Z' });
    const late = aDispatch({ status: 'en_route', updatedAt: '2026-02-01T11:00:00Z' });
    const groups = groupByStatus([late, aDispatch({ status: 'assigned' }), early, aDispatch({ status: 'closed' })]);
    expect(groups.en_route).toEqual([early, late]);
    expect(groups.assigned).toHaveLength(1);
    expect(groups.on_scene).toHaveLength(0);
  });

  it('when a dispatch changes status live, then it moves to the new column', () => {
    const dispatch = aDispatch({ status: 'assigned' });
    const next = applyDispatchSnapshot([dispatch], { ...dispatch, status: 'on_scene' });
    expect(groupByStatus(next).on_scene).toHaveLength(1);
    expect(groupByStatus(next).assigned).toHaveLength(0);
  });

  it('when a dispatch is closed, then it leaves the board', () => {
    const dispatch = aDispatch();
    expect(applyDispatchSnapshot([dispatch], { ...dispatch, status: 'closed', closedAt: '2026-02-01T12:00:00Z' })).toEqual([]);
  });
});
