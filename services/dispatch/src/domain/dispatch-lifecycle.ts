import { reachableBy, type AgencyAccess, type DispatchStatus, type OccurrenceStatus } from '@atalaia/contracts';

export type DispatchFailureCode =
  | 'OCCURRENCE_NOT_FOUND'
  | 'DISPATCH_NOT_FOUND'
  | 'OCCURRENCE_NOT_OPEN'
  | 'UNIT_NOT_FOUND'
  | 'UNIT_NOT_AVAILABLE'
  | 'DISPATCH_ALREADY_CLOSED'
  | 'DISPATCH_ALREADY_IN_STATUS'
  | 'INVALID_DISPATCH_TRANSITION';

export type DispatchDecision<T> = { ok: true; value: T } | { ok: false; code: DispatchFailureCode; detail: string };

const refuse = (code: DispatchFailureCode, detail: string) => ({ ok: false as const, code, detail });

/** The refusal for an occurrence the actor cannot reach: unknown, another agency's, or never seen within the grace. */
export const unknownOccurrence = () => refuse('OCCURRENCE_NOT_FOUND', 'no such occurrence');

/**
 * The dispatch state machine (table in README): a unit moves forward only,
 *   assigned → en_route → on_scene  (skipping en_route is allowed)
 * and any open dispatch can be closed; closed is final.
 */
const progress: Record<Exclude<DispatchStatus, 'closed'>, number> = { assigned: 0, en_route: 1, on_scene: 2 };

export function decideStatusReport(from: DispatchStatus, to: 'en_route' | 'on_scene'): DispatchDecision<DispatchStatus> {
  if (from === 'closed') return refuse('DISPATCH_ALREADY_CLOSED', 'the dispatch is closed');
  if (from === to) return refuse('DISPATCH_ALREADY_IN_STATUS', `the dispatch is already ${to.replace('_', ' ')}`);
  if (progress[to] < progress[from]) {
    return refuse('INVALID_DISPATCH_TRANSITION', `a dispatch ${from.replace('_', ' ')} cannot go back to ${to.replace('_', ' ')}`);
  }
  return { ok: true, value: to };
}

export function decideClose(from: DispatchStatus): DispatchDecision<'closed'> {
  return from === 'closed' ? refuse('DISPATCH_ALREADY_CLOSED', 'the dispatch is already closed') : { ok: true, value: 'closed' };
}

/**
 * Units go only to open occurrences the actor may reach (its agency's, or any
 * with cross-agency access: another agency's is as unknown as a missing one).
 * A unit also holds at most one active dispatch, across all occurrences: the
 * unique index on active dispatches decides that as the dispatch is written.
 */
export function decideAssignment(
  occurrence: { agencyId: string; status: OccurrenceStatus } | null,
  access: AgencyAccess | null,
): DispatchDecision<'assigned'> {
  const occurrenceStatus = reachableBy(occurrence, access)?.status;
  if (!occurrenceStatus) return unknownOccurrence();
  if (occurrenceStatus === 'resolved' || occurrenceStatus === 'cancelled') {
    return refuse('OCCURRENCE_NOT_OPEN', `the occurrence is ${occurrenceStatus}`);
  }
  return { ok: true, value: 'assigned' };
}

/** The refusal for a unit the actor cannot reach: unknown, or another agency's without cross-agency access. */
export const unknownUnit = (unit: string) => refuse('UNIT_NOT_FOUND', `no such unit: ${unit}`);

/** A status report or close on `dispatch` (null when no row has its id): another agency's dispatch does not exist for the actor. */
export function decideDispatchChange(
  dispatch: { agencyId: string; status: DispatchStatus } | null,
  dispatchId: string,
  access: AgencyAccess | null,
  change: { kind: 'close' } | { kind: 'report'; status: 'en_route' | 'on_scene' },
): DispatchDecision<DispatchStatus> {
  const reachable = reachableBy(dispatch, access);
  if (!reachable) return refuse('DISPATCH_NOT_FOUND', `dispatch ${dispatchId} does not exist`);
  return change.kind === 'close' ? decideClose(reachable.status) : decideStatusReport(reachable.status, change.status);
}

/** When an occurrence closes, its open dispatches close with it: units are released. */
export function closeReasonForOccurrence(status: OccurrenceStatus): string | null {
  if (status === 'resolved') return 'occurrence_resolved';
  if (status === 'cancelled') return 'occurrence_cancelled';
  return null;
}
