import type { CommandOutcome, Envelope, UnitStatusCause } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { stateChangeMessages, type OutboxMessageInput } from '@atalaia/outbox';
import { toUnitSnapshot, type StoredUnit } from '../db/unit-repository';
import { decideUnitTransition, unitEventForDispatch } from '../domain/unit-status-machine';
import { DISPATCH_SOURCE, type DispatchUseCaseDeps } from './dispatch-source';

/** Moves a unit the caller has locked and says so: a `unit.status_changed` event and its audit entry (and the command's result, when given). */
export async function moveUnit(
  deps: DispatchUseCaseDeps,
  tx: SqlExecutor,
  cause: Envelope,
  unit: StoredUnit,
  change: { status: StoredUnit['status']; cause: UnitStatusCause; dispatchId: string | null; reason: string | null },
  result?: CommandOutcome,
): Promise<OutboxMessageInput[]> {
  const moved = await deps.units.moveStatus(tx, unit, change);
  const before = toUnitSnapshot(unit);
  const after = toUnitSnapshot(moved);
  return stateChangeMessages({
    cause,
    source: DISPATCH_SOURCE,
    topics: deps.topics,
    eventType: 'unit.status_changed',
    eventTopic: deps.topics.unitEvents,
    aggregateType: 'unit',
    aggregateId: unit.id,
    ownerAgencyId: unit.agencyId,
    eventData: { unit: after, previousStatus: unit.status, cause: change.cause, dispatchId: change.dispatchId },
    before,
    after,
    result,
  });
}

/**
 * Where a dispatch moving to `dispatchStatus` takes its unit, under the unit's
 * row lock. A transition the table refuses means the unit's row disagrees
 * with its dispatch (as only data from before the registry could): the unit
 * then stays as it is rather than fail the dispatch.
 */
export async function followDispatchWithUnit(
  deps: DispatchUseCaseDeps,
  tx: SqlExecutor,
  cause: Envelope,
  dispatch: { id: string; unitId: string; status: 'en_route' | 'on_scene' | 'closed' },
): Promise<OutboxMessageInput[]> {
  const unit = await deps.units.lockById(tx, dispatch.unitId);
  if (!unit) return [];
  const event = unitEventForDispatch(dispatch.status);
  const decision = decideUnitTransition(unit.status, event);
  if (!decision.ok) return [];
  return moveUnit(deps, tx, cause, unit, { status: decision.value, cause: event, dispatchId: dispatch.id, reason: null });
}
