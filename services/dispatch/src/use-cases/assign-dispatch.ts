import { accessOfActor, type Topics, type TypedEnvelope } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { commandResultMessage, stateChangeMessages, writeOutboxMessages, type OutboxMessageInput } from '@atalaia/outbox';
import { toDispatchSnapshot } from '../db/dispatch-repository';
import { lockOccurrenceKey } from '../db/occurrence-key-lock';
import type { OccurrenceView } from '../db/occurrence-view-store';
import { decideAssignment, unitAlreadyActive, type DispatchFailureCode } from '../domain/dispatch-lifecycle';
import { DISPATCH_SOURCE, type DispatchUseCaseDeps } from './dispatch-source';

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
 * and the occurrence closing never interleave; the unique key on active
 * dispatches decides the one-active-dispatch-per-unit rule as the row is
 * written.
 */
export async function applyAssignment(deps: DispatchUseCaseDeps, tx: SqlExecutor, command: AssignCommand, view: OccurrenceView | null): Promise<void> {
  const { dispatches, topics } = deps;
  const { occurrenceId, resourceCode } = command.data;
  const decision = decideAssignment(view, accessOfActor(command.actor));
  if (!decision.ok) return writeOutboxMessages(tx, [assignmentRefused(topics, command, decision)]);
  const inserted = await dispatches.insertUnlessUnitActive(tx, { occurrenceId, agencyId: view!.agencyId, resourceCode, note: command.data.note ?? null });
  if (!inserted) return writeOutboxMessages(tx, [assignmentRefused(topics, command, unitAlreadyActive())]);
  const dispatch = toDispatchSnapshot(inserted);
  await writeOutboxMessages(
    tx,
    stateChangeMessages({
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
      after: dispatch,
      result: { status: 'processed', aggregateType: 'dispatch', aggregateId: dispatch.id, result: { dispatchId: dispatch.id, occurrenceId, status: dispatch.status } },
    }),
  );
}

/** The `command.failed` result of an assignment that was refused. */
export function assignmentRefused(topics: Topics, command: AssignCommand, refusal: { code: DispatchFailureCode; detail: string }): OutboxMessageInput {
  return commandResultMessage(command, DISPATCH_SOURCE, topics, {
    status: 'failed',
    aggregateType: 'occurrence',
    aggregateId: command.data.occurrenceId,
    error: { code: refusal.code, title: 'The unit cannot be dispatched', detail: refusal.detail },
  });
}
