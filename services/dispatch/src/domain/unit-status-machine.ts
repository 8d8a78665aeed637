import type { UnitStatus, UnitStatusCause } from '@atalaia/contracts';

/**
 * The unit status machine (table in the README). Dispatch events drive a unit
 * through a job; an operator takes it out of service and back:
 *
 *   event              from                                  to
 *   dispatch_assigned  available, returning                  assigned
 *   dispatch_en_route  assigned                              en_route
 *   dispatch_on_scene  assigned, en_route                    on_scene
 *   dispatch_closed    assigned                              available   (never left)
 *                      en_route, on_scene                    returning
 *   out_of_service     available, returning                  out_of_service
 *   in_service         out_of_service, returning             available
 *
 * Whether a unit may take a job is not decided here: the unique index on
 * active dispatches decides that as the dispatch is written, and this table
 * only says where the unit goes next.
 */
export type UnitEvent = UnitStatusCause;

export type UnitFailureCode = 'UNIT_NOT_AVAILABLE' | 'UNIT_BUSY' | 'UNIT_ALREADY_IN_STATUS' | 'INVALID_UNIT_TRANSITION';
export type UnitDecision = { ok: true; value: UnitStatus } | { ok: false; code: UnitFailureCode; detail: string };

const busy: readonly UnitStatus[] = ['assigned', 'en_route', 'on_scene'];
const spoken = (status: UnitStatus) => status.replaceAll('_', ' ');
const refuse = (code: UnitFailureCode, detail: string): UnitDecision => ({ ok: false, code, detail });
const to = (value: UnitStatus): UnitDecision => ({ ok: true, value });

/** Whether a unit in `status` may be sent on a job (it still needs no active dispatch, which the index decides). */
export const isDispatchable = (status: UnitStatus) => status === 'available' || status === 'returning';

export function decideUnitTransition(from: UnitStatus, event: UnitEvent): UnitDecision {
  switch (event) {
    case 'dispatch_assigned':
      return isDispatchable(from) ? to('assigned') : refuse('UNIT_NOT_AVAILABLE', `the unit is ${spoken(from)}`);
    case 'dispatch_en_route':
      return from === 'assigned' ? to('en_route') : refuse('INVALID_UNIT_TRANSITION', `a unit ${spoken(from)} cannot report en route`);
    case 'dispatch_on_scene':
      return from === 'assigned' || from === 'en_route' ? to('on_scene') : refuse('INVALID_UNIT_TRANSITION', `a unit ${spoken(from)} cannot report on scene`);
    case 'dispatch_closed':
      if (from === 'assigned') return to('available');
      if (from === 'en_route' || from === 'on_scene') return to('returning');
      return refuse('INVALID_UNIT_TRANSITION', `a unit ${spoken(from)} has no dispatch to close`);
    case 'out_of_service':
      if (from === 'out_of_service') return refuse('UNIT_ALREADY_IN_STATUS', 'the unit is already out of service');
      return busy.includes(from) ? refuse('UNIT_BUSY', `the unit is ${spoken(from)} on a dispatch`) : to('out_of_service');
    case 'in_service':
      if (from === 'available') return refuse('UNIT_ALREADY_IN_STATUS', 'the unit is already available');
      return busy.includes(from) ? refuse('UNIT_BUSY', `the unit is ${spoken(from)} on a dispatch`) : to('available');
  }
}

/** The unit event a dispatch moving to `dispatchStatus` is. */
export function unitEventForDispatch(dispatchStatus: 'assigned' | 'en_route' | 'on_scene' | 'closed'): UnitEvent {
  switch (dispatchStatus) {
    case 'assigned':
      return 'dispatch_assigned';
    case 'en_route':
      return 'dispatch_en_route';
    case 'on_scene':
      return 'dispatch_on_scene';
    case 'closed':
      return 'dispatch_closed';
  }
}
