import { reachableBy, type AgencyAccess, type OccurrenceStatus } from '@atalaia/contracts';

export type LifecycleAction = 'start' | 'resolve' | 'cancel';

export type LifecycleFailureCode =
  | 'OCCURRENCE_ALREADY_IN_PROGRESS'
  | 'OCCURRENCE_NOT_STARTED'
  | 'OCCURRENCE_ALREADY_RESOLVED'
  | 'OCCURRENCE_ALREADY_CANCELLED';

export type LifecycleDecision =
  | { ok: true; to: OccurrenceStatus }
  | { ok: false; code: LifecycleFailureCode | 'OCCURRENCE_NOT_FOUND'; detail: string };

/**
 * The occurrence state machine (the table is in README):
 *   reported ──start──> in_progress ──resolve──> resolved
 *   reported | in_progress ──cancel──> cancelled
 * resolved and cancelled are final.
 */
const transitions: Record<OccurrenceStatus, Partial<Record<LifecycleAction, OccurrenceStatus>>> = {
  reported: { start: 'in_progress', cancel: 'cancelled' },
  in_progress: { resolve: 'resolved', cancel: 'cancelled' },
  resolved: {},
  cancelled: {},
};

function refusal(from: OccurrenceStatus, action: LifecycleAction): LifecycleFailureCode {
  if (from === 'resolved') return 'OCCURRENCE_ALREADY_RESOLVED';
  if (from === 'cancelled') return 'OCCURRENCE_ALREADY_CANCELLED';
  if (action === 'start') return 'OCCURRENCE_ALREADY_IN_PROGRESS';
  return 'OCCURRENCE_NOT_STARTED';
}

export function decideLifecycle(from: OccurrenceStatus, action: LifecycleAction): LifecycleDecision {
  const to = transitions[from][action];
  if (to) return { ok: true, to };
  return { ok: false, code: refusal(from, action), detail: `cannot ${action} an occurrence that is ${from.replace('_', ' ')}` };
}

/**
 * A lifecycle command on `occurrence` (null when no row has its id): an
 * occurrence of another agency does not exist for the actor unless it holds
 * cross-agency access — the same refusal, word for word, as an unknown id.
 */
export function decideLifecycleCommand(
  occurrence: { id: string; agencyId: string; status: OccurrenceStatus } | null,
  occurrenceId: string,
  access: AgencyAccess | null,
  action: LifecycleAction,
): LifecycleDecision {
  const reachable = reachableBy(occurrence, access);
  if (!reachable) return { ok: false, code: 'OCCURRENCE_NOT_FOUND', detail: `occurrence ${occurrenceId} does not exist` };
  return decideLifecycle(reachable.status, action);
}

export function isOpen(status: OccurrenceStatus): boolean {
  return status === 'reported' || status === 'in_progress';
}
