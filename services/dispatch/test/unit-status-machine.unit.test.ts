import { unitStatusCauses, unitStatuses, type UnitStatus, type UnitStatusCause } from '@atalaia/contracts';
import { decideUnitTransition, isDispatchable, unitEventForDispatch } from '../src/domain/unit-status-machine';

/** The whole table, status × event: where the unit goes, or the refusal code. Any cell not written here is a test failure. */
const expected: Record<UnitStatus, Record<UnitStatusCause, UnitStatus | string>> = {
  available: {
    dispatch_assigned: 'assigned',
    dispatch_en_route: 'INVALID_UNIT_TRANSITION',
    dispatch_on_scene: 'INVALID_UNIT_TRANSITION',
    dispatch_closed: 'INVALID_UNIT_TRANSITION',
    out_of_service: 'out_of_service',
    in_service: 'UNIT_ALREADY_IN_STATUS',
  },
  assigned: {
    dispatch_assigned: 'UNIT_NOT_AVAILABLE',
    dispatch_en_route: 'en_route',
    dispatch_on_scene: 'on_scene',
    dispatch_closed: 'available',
    out_of_service: 'UNIT_BUSY',
    in_service: 'UNIT_BUSY',
  },
  en_route: {
    dispatch_assigned: 'UNIT_NOT_AVAILABLE',
    dispatch_en_route: 'INVALID_UNIT_TRANSITION',
    dispatch_on_scene: 'on_scene',
    dispatch_closed: 'returning',
    out_of_service: 'UNIT_BUSY',
    in_service: 'UNIT_BUSY',
  },
  on_scene: {
    dispatch_assigned: 'UNIT_NOT_AVAILABLE',
    dispatch_en_route: 'INVALID_UNIT_TRANSITION',
    dispatch_on_scene: 'INVALID_UNIT_TRANSITION',
    dispatch_closed: 'returning',
    out_of_service: 'UNIT_BUSY',
    in_service: 'UNIT_BUSY',
  },
  returning: {
    dispatch_assigned: 'assigned',
    dispatch_en_route: 'INVALID_UNIT_TRANSITION',
    dispatch_on_scene: 'INVALID_UNIT_TRANSITION',
    dispatch_closed: 'INVALID_UNIT_TRANSITION',
    out_of_service: 'out_of_service',
    in_service: 'available',
  },
  out_of_service: {
    dispatch_assigned: 'UNIT_NOT_AVAILABLE',
    dispatch_en_route: 'INVALID_UNIT_TRANSITION',
    dispatch_on_scene: 'INVALID_UNIT_TRANSITION',
    dispatch_closed: 'INVALID_UNIT_TRANSITION',
    out_of_service: 'UNIT_ALREADY_IN_STATUS',
    in_service: 'available',
  },
};

describe('unit status machine', () => {
  const cells = unitStatuses.flatMap((from) => unitStatusCauses.map((event) => [from, event, expected[from][event]] as const));

  it.each(cells)('when a unit %s receives %s, then the outcome is %s', (from, event, outcome) => {
    const decision = decideUnitTransition(from, event);
    expect(decision.ok ? decision.value : decision.code).toBe(outcome);
  });

  it('when the table is read, then it covers every status and every event', () => {
    expect(cells).toHaveLength(unitStatuses.length * unitStatusCauses.length);
  });

  it('when a refusal is given, then it says why in words', () => {
    const decision = decideUnitTransition('en_route', 'out_of_service');
    expect(decision).toEqual({ ok: false, code: 'UNIT_BUSY', detail: 'the unit is en route on a dispatch' });
  });

  it('when asked which units can take a job, then available and returning ones can', () => {
    expect(unitStatuses.filter(isDispatchable)).toEqual(['available', 'returning']);
  });

  it('when a dispatch moves, then the unit hears the matching event', () => {
    expect((['assigned', 'en_route', 'on_scene', 'closed'] as const).map(unitEventForDispatch)).toEqual([
      'dispatch_assigned',
      'dispatch_en_route',
      'dispatch_on_scene',
      'dispatch_closed',
    ]);
  });
});
