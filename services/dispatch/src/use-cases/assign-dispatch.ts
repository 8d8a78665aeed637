import { accessOfActor, type Topics, type TypedEnvelope } from '@atalaia/contracts';
import { commandResultMessage, stateChangeMessages, writeOutboxMessages, type OutboxMessageInput } from '@atalaia/outbox';
import { toDispatchSnapshot } from '../db/dispatch-repository';
import type { OccurrenceView } from '../db/occurrence-view-store';
import type { DispatchTransaction } from '../db/prisma';
import { decideAssignment, type DispatchFailureCode } from '../domain/dispatch-lifecycle';
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
export async function assignDispatch(deps: DispatchUseCaseDeps, tx: DispatchTransaction, command: AssignCommand): Promise<void> {
  const { occurrenceId } = command.data;
  await deps.parked.lockOccurrenceKey(tx, occurrenceId);
  const view = await deps.views.lock(tx, occurrenceId);
  const waitForView = !view && deps.occurrenceViewGraceMs > 0;
  if (waitForView || (await deps.parked.hasParked(tx, occurrenceId))) return deps.parked.park(tx, command, occurrenceId);
  return applyAssignment(deps, tx, command, view);
}

/**
 * Decides the assignment against `view` (null: the occurrence is unknown) and
 * records it. The caller holds the occurrence's view row lock, so an
 * assignment and the occurrence closing never interleave; the unique key on
 * active dispatches backs the one-active-dispatch-per-unit rule.
 */
export async function applyAssignment(deps: DispatchUseCaseDeps, tx: DispatchTransaction, command: AssignCommand, view: OccurrenceView | null): Promise<void> {
  const { dispatches, topics } = deps;
  const { occurrenceId, resourceCode } = command.data;
  const decision = decideAssignment(view, accessOfActor(command.actor), view ? await dispatches.hasActive(tx, occurrenceId, resourceCode) : false);
  if (!decision.ok) return writeOutboxMessages(tx, [assignmentRefused(topics, command, decision)]);
  const dispatch = toDispatchSnapshot(
    await dispatches.insert(tx, { occurrenceId, agencyId: view!.agencyId, resourceCode, note: command.data.note ?? null }),
  );
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
