import { accessOfActor, reachableBy, type Topics, type TypedEnvelope } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { commandResultMessage, stateChangeMessages, writeOutboxMessages, type OutboxMessageInput } from '@atalaia/outbox';
import { toDispatchSnapshot } from '../db/dispatch-repository';
import { lockOccurrenceKey } from '../db/occurrence-key-lock';
import type { OccurrenceView } from '../db/occurrence-view-store';
import type { StoredUnit } from '../db/unit-repository';
import { decideAssignment, unknownUnit } from '../domain/dispatch-lifecycle';
import { DISPATCH_SOURCE, type DispatchUseCaseDeps } from './dispatch-source';
import { moveUnit } from './unit-status-messages';

export type AssignCommand = TypedEnvelope<'dispatch.create'>;

/**
 * Sends a unit to an occurrence. While the occurrence is not in the view yet
 * (its events may still be on their way) the command is parked rather than
 * retried, so it never holds back the other commands on its partition; it is
 * also parked behind any command already parked for the occurrence, so
 * commands about one occurrence keep their order. Parking happens in the
 * transaction that claims the message: for Kafka the message is done.
 */
export async function assignDispatch(deps: DispatchUseCaseDeps, tx: SqlExecutor, command: AssignCommand): Promise<void> {
  const { occurrenceId } = command.data;
  await lockOccurrenceKey(tx, occurrenceId);
  const locked = await deps.views.lockForAssignment(tx, occurrenceId);
  // Parked behind a command already waiting for this occurrence, or to wait for its view.
  const park = locked ? locked.hasParked : deps.occurrenceViewGraceMs > 0 || (await deps.parked.hasParked(tx, occurrenceId));
  if (park) return deps.parked.park(tx, command, occurrenceId);
  return applyAssignment(deps, tx, command, locked?.view ?? null);
}

/**
 * Decides the assignment against `view` (null: the occurrence is unknown) and
 * records it. The caller holds the occurrence's key lock, so an assignment
 * and the occurrence closing never interleave. The unit must exist for the
 * actor (another agency's unit only with cross-agency access: mutual aid,
 * which the audit entry records) and be in service; whether it already holds
 * a job anywhere is decided by the unique index as the dispatch is written.
 */
export async function applyAssignment(deps: DispatchUseCaseDeps, tx: SqlExecutor, command: AssignCommand, view: OccurrenceView | null): Promise<void> {
  const { dispatches, units, topics } = deps;
  const refuse = (refusal: Refusal) => writeOutboxMessages(tx, [assignmentRefused(topics, command, refusal)]);
  const access = accessOfActor(command.actor);
  const decision = decideAssignment(view, access);
  if (!decision.ok) return refuse(decision);
  const unit = reachableBy(await findUnit(deps, tx, command, view!.agencyId), access);
  const unitRefusal = refuseUnit(unit, command);
  if (unitRefusal) return refuse(unitRefusal);
  const { occurrenceId } = command.data;
  const fields = { occurrenceId, agencyId: view!.agencyId, unitId: unit!.id, resourceCode: unit!.code, note: command.data.note ?? null };
  const inserted = await dispatches.insertUnlessUnitActive(tx, fields);
  if (!inserted) return refuse(unitBusy(unit!, await units.activeDispatchOf(tx, unit!.id)));
  // Taken out of service while this transaction waited for the unit's row: the dispatch is taken back.
  const locked = (await units.lockById(tx, unit!.id))!;
  const lateRefusal = refuseUnit(locked, command);
  if (lateRefusal) {
    await dispatches.discard(tx, inserted.id);
    return refuse(lateRefusal);
  }
  const dispatch = toDispatchSnapshot(inserted);
  const mutualAid = locked.agencyId !== dispatch.agencyId ? { mutualAid: true, unitAgencyId: locked.agencyId } : {};
  await writeOutboxMessages(tx, [
    ...stateChangeMessages({
      cause: command,
      source: DISPATCH_SOURCE,
      topics,
      eventType: 'dispatch.assigned',
      eventTopic: topics.dispatchEvents,
      aggregateType: 'dispatch',
      aggregateId: dispatch.id,
      ownerAgencyId: dispatch.agencyId,
      eventData: { dispatch },
      before: null,
      after: { ...dispatch, ...mutualAid },
      result: {
        status: 'processed',
        aggregateType: 'dispatch',
        aggregateId: dispatch.id,
        result: { dispatchId: dispatch.id, occurrenceId, unitId: locked.id, status: dispatch.status },
      },
    }),
    // The index already decided: a unit found busy here would mean the rule was broken elsewhere, and it is recorded as it is.
    ...(await moveUnit(deps, tx, command, locked, { status: 'assigned', cause: 'dispatch_assigned', dispatchId: dispatch.id, reason: null })),
  ]);
}

type Refusal = { code: string; detail: string; context?: Record<string, unknown> };

/** The unit the command names: by id, or by code within the occurrence's agency (`resourceCode` is the code's older name). */
function findUnit(deps: DispatchUseCaseDeps, tx: SqlExecutor, command: AssignCommand, occurrenceAgencyId: string): Promise<StoredUnit | null> {
  const { unitId, unitCode, resourceCode } = command.data;
  if (unitId) return deps.units.findById(tx, unitId);
  return deps.units.findByCode(tx, occurrenceAgencyId, (unitCode ?? resourceCode)!);
}

function refuseUnit(unit: StoredUnit | null, command: AssignCommand): Refusal | null {
  const { unitId, unitCode, resourceCode } = command.data;
  if (!unit) return unknownUnit(unitId ?? unitCode ?? resourceCode ?? '');
  if (unit.retiredAt) return { code: 'UNIT_NOT_AVAILABLE', detail: `unit ${unit.code} is retired`, context: { unitId: unit.id, unitStatus: 'retired' } };
  if (unit.status === 'out_of_service') {
    const why = unit.statusReason ? `: ${unit.statusReason}` : '';
    return { code: 'UNIT_NOT_AVAILABLE', detail: `unit ${unit.code} is out of service${why}`, context: { unitId: unit.id, unitStatus: unit.status } };
  }
  return null;
}

/** The refusal of a unit that already holds a job, naming it. */
function unitBusy(unit: StoredUnit, current: { id: string; occurrenceId: string; status: string } | null): Refusal {
  const where = current ? ` on dispatch ${current.id} to occurrence ${current.occurrenceId} (${current.status.replace('_', ' ')})` : '';
  return {
    code: 'UNIT_NOT_AVAILABLE',
    detail: `unit ${unit.code} is already dispatched${where}`,
    context: { unitId: unit.id, unitStatus: unit.status, currentDispatch: current },
  };
}

/** The `command.failed` result of an assignment that was refused. */
export function assignmentRefused(topics: Topics, command: AssignCommand, refusal: Refusal): OutboxMessageInput {
  return commandResultMessage(command, DISPATCH_SOURCE, topics, {
    status: 'failed',
    aggregateType: 'occurrence',
    aggregateId: command.data.occurrenceId,
    error: { code: refusal.code, title: 'The unit cannot be dispatched', detail: refusal.detail, ...(refusal.context ? { context: refusal.context } : {}) },
  });
}
