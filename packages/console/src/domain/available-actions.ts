import type { DispatchStatus, OccurrenceStatus } from './types';

/**
 * The next actions the console offers, from the state machines in the README
 * ("State machines"). Only transitions that succeed are offered; the services
 * still decide, so a race (another operator acting first) ends as a failed
 * command with its explanation, never as a wrong state.
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

/** A unit can be sent only to an open occurrence (OCCURRENCE_NOT_OPEN otherwise). */
export const isOpenOccurrence = (status: OccurrenceStatus) => status === 'reported' || status === 'in_progress';

/** The dispatch service's rule for unit codes (packages/contracts resourceCodeSchema): like ABT-12, at most 32. */
export const resourceCodePattern = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
