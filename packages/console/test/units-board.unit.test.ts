import { applyDispatchToUnits, applyUnitSnapshot, groupUnitsByStatus } from '../src/domain/units-board';
import { unitStatuses } from '../src/domain/types';
import { aDispatch, aUnit } from './builders';

const at = (hour: number) => `2026-02-01T${String(hour).padStart(2, '0')}:00:00.000Z`;

describe('units board grouping', () => {
  it('when units are grouped, then every status has its group, even empty ones, and each unit is in its own', () => {
    const groups = groupUnitsByStatus([aUnit({ status: 'en_route' }), aUnit({ status: 'out_of_service' }), aUnit()]);
    expect(Object.keys(groups)).toEqual([...unitStatuses]);
    expect(groups.en_route).toHaveLength(1);
    expect(groups.out_of_service).toHaveLength(1);
    expect(groups.available).toHaveLength(1);
    expect(groups.on_scene).toEqual([]);
  });

  it('when several units share a status, then the longest in it comes first, ties by code', () => {
    const late = aUnit({ code: 'ABT-1', status: 'on_scene', statusSince: at(11) });
    const early = aUnit({ code: 'ABT-9', status: 'on_scene', statusSince: at(9) });
    const tie = aUnit({ code: 'ABT-2', status: 'on_scene', statusSince: at(11) });
    expect(groupUnitsByStatus([late, early, tie]).on_scene.map((unit) => unit.code)).toEqual(['ABT-9', 'ABT-1', 'ABT-2']);
  });
});

describe('units board live', () => {
  it('when a unit changes status live, then it moves to the new group', () => {
    const unit = aUnit({ status: 'available', version: 1 });
    const next = applyUnitSnapshot([unit], { ...unit, status: 'out_of_service', statusReason: 'Pane no motor', version: 2 });
    expect(groupUnitsByStatus(next).out_of_service.map((shown) => shown.statusReason)).toEqual(['Pane no motor']);
    expect(groupUnitsByStatus(next).available).toEqual([]);
  });

  it('when a late or replayed snapshot arrives (same or older version), then the board keeps what it has', () => {
    const unit = aUnit({ status: 'en_route', version: 4 });
    expect(applyUnitSnapshot([unit], { ...unit, status: 'assigned', version: 3 })).toEqual([unit]);
    expect(applyUnitSnapshot([unit], { ...unit, status: 'assigned', version: 4 })).toEqual([unit]);
  });

  it('when a unit is registered, then it joins the board; when retired, it leaves it', () => {
    const registered = aUnit();
    const board = applyUnitSnapshot([], registered);
    expect(board.map((unit) => unit.id)).toEqual([registered.id]);
    expect(applyUnitSnapshot(board, { ...registered, retiredAt: at(12), version: 2 })).toEqual([]);
  });

  it('when a dispatch is assigned to a unit, then the unit shows that occurrence; when closed, it shows none', () => {
    const unit = aUnit({ status: 'assigned', version: 2 });
    const dispatch = aDispatch({ unitId: unit.id, status: 'assigned' });
    const onAJob = applyDispatchToUnits([unit], dispatch);
    expect(onAJob[0]?.currentDispatch).toEqual({ id: dispatch.id, occurrenceId: dispatch.occurrenceId, status: 'assigned' });
    expect(applyDispatchToUnits(onAJob, { ...dispatch, status: 'closed' })[0]?.currentDispatch).toBeNull();
  });

  it('when the dispatch event comes before the unit event, then the unit keeps the job as it moves on', () => {
    const unit = aUnit({ status: 'available', version: 1 });
    const dispatch = aDispatch({ unitId: unit.id, status: 'assigned' });
    const withJob = applyDispatchToUnits([unit], dispatch);
    const assigned = applyUnitSnapshot(withJob, { ...unit, status: 'assigned', version: 2 });
    expect(assigned[0]?.currentDispatch?.occurrenceId).toBe(dispatch.occurrenceId);
  });

  it('when the unit leaves its job (returning, available, out of service), then it shows no occurrence', () => {
    const unit = aUnit({ status: 'on_scene', version: 3, currentDispatch: { id: 'd-1', occurrenceId: 'o-1', status: 'on_scene' } });
    expect(applyUnitSnapshot([unit], { ...unit, status: 'returning', version: 4 })[0]?.currentDispatch).toBeNull();
  });

  it("when an older dispatch of the unit closes, then the unit's current job stays", () => {
    const unit = aUnit({ status: 'assigned', currentDispatch: { id: 'd-new', occurrenceId: 'o-2', status: 'assigned' } });
    const closed = aDispatch({ id: 'd-old', unitId: unit.id, status: 'closed' });
    expect(applyDispatchToUnits([unit], closed)[0]?.currentDispatch?.id).toBe('d-new');
  });

  it('when a dispatch names no registered unit (from before the registry), then no unit changes', () => {
    const unit = aUnit();
    expect(applyDispatchToUnits([unit], aDispatch({ unitId: null }))).toEqual([unit]);
  });
});
