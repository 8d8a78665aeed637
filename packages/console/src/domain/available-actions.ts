import type { Permission } from './permissions';
import type { DispatchStatus, OccurrenceStatus, UnitStatus } from './types';

/**
 * The next actions the console offers, from the state machines in the README
 * ("State machines"), and of those only the ones the session's permissions
 * allow. Only transitions that succeed are offered; the services still
 * decide, so a race (another operator acting first) ends as a failed command
 * with its explanation, never as a wrong state.
 */
export type OccurrenceAction = 'start' | 'resolve' | 'cancel' | 'dispatch';
export type DispatchAction = 'en_route' | 'on_scene' | 'close';

const occurrenceTransitions: Record<OccurrenceStatus, readonly OccurrenceAction[]> = {
  reported: ['start', 'cancel', 'dispatch'],
  in_progress: ['resolve', 'cancel', 'dispatch'],
  resolved: [],
  cancelled: [],
};

// A unit moves forward only and may skip en_route; close from any open status.
const dispatchTransitions: Record<DispatchStatus, readonly DispatchAction[]> = {
  assigned: ['en_route', 'on_scene', 'close'],
  en_route: ['on_scene', 'close'],
  on_scene: ['close'],
  closed: [],
};

export function availableOccurrenceActions(status: OccurrenceStatus): readonly OccurrenceAction[] {
  return occurrenceTransitions[status];
}

export function availableDispatchActions(status: DispatchStatus): readonly DispatchAction[] {
  return dispatchTransitions[status];
}

export type UnitAction = 'out_of_service' | 'in_service';

// The unit status machine's operator moves: a unit on a job is UNIT_BUSY, one already there UNIT_ALREADY_IN_STATUS.
const unitTransitions: Record<UnitStatus, readonly UnitAction[]> = {
  available: ['out_of_service'],
  assigned: [],
  en_route: [],
  on_scene: [],
  returning: ['out_of_service', 'in_service'],
  out_of_service: ['in_service'],
};

export function availableUnitActions(status: UnitStatus): readonly UnitAction[] {
  return unitTransitions[status];
}

/** The permission each action needs (packages/contracts `commandPermissions`, by the command it sends). */
export const occurrenceActionPermissions = {
  start: 'occurrences:progress',
  resolve: 'occurrences:progress',
  cancel: 'occurrences:cancel',
  dispatch: 'dispatches:write',
} as const satisfies Record<OccurrenceAction, Permission>;

export const dispatchActionPermissions = {
  en_route: 'dispatches:write',
  on_scene: 'dispatches:write',
  close: 'dispatches:write',
} as const satisfies Record<DispatchAction, Permission>;

export const unitActionPermissions = {
  out_of_service: 'units:status',
  in_service: 'units:status',
} as const satisfies Record<UnitAction, Permission>;

/** The valid `actions` that `held` permits, in their order. */
export function permittedActions<A extends string>(actions: readonly A[], needs: Readonly<Record<A, Permission>>, held: readonly Permission[]): A[] {
  return actions.filter((action) => held.includes(needs[action]));
}

/** A unit can be sent only to an open occurrence (OCCURRENCE_NOT_OPEN otherwise). */
export const isOpenOccurrence = (status: OccurrenceStatus) => status === 'reported' || status === 'in_progress';

