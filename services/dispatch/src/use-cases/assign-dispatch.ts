import { accessOfActor, type TypedEnvelope } from '@atalaia/contracts';
import { RetryableMessageError } from '@atalaia/kafka';
import { commandResultMessage, stateChangeMessages, writeOutboxMessages } from '@atalaia/outbox';
import { toDispatchSnapshot } from '../db/dispatch-repository';
import type { DispatchTransaction } from '../db/prisma';
import { decideAssignment } from '../domain/dispatch-lifecycle';
import { graceExpired } from '../domain/first-seen-clock';
import { DISPATCH_SOURCE, type DispatchUseCaseDeps } from './dispatch-source';

/**
 * Sends a unit to an occurrence. The occurrence's view row is locked first, so
 * an assignment and the occurrence closing never interleave; the unique key on
 * active dispatches backs the one-active-dispatch-per-unit rule.
 */
export async function assignDispatch(deps: DispatchUseCaseDeps, tx: DispatchTransaction, command: TypedEnvelope<'dispatch.create'>): Promise<void> {
  const { dispatches, views, topics, firstSeen } = deps;
  const { occurrenceId, resourceCode } = command.data;
  const view = await views.lock(tx, occurrenceId);
  if (!view && !graceExpired(firstSeen.firstSeen(command.id), firstSeen.now(), deps.occurrenceViewGraceMs)) {
    // The occurrence may exist but its events have not reached this service yet.
    throw new RetryableMessageError(`occurrence ${occurrenceId} is not in the dispatch view yet`);
  }
  firstSeen.forget(command.id);
  const decision = decideAssignment(view, accessOfActor(command.actor), view ? await dispatches.hasActive(tx, occurrenceId, resourceCode) : false);
  if (!decision.ok) {
    return writeOutboxMessages(tx, [
      commandResultMessage(command, DISPATCH_SOURCE, topics, {
        status: 'failed',
        aggregateType: 'occurrence',
        aggregateId: occurrenceId,
        error: { code: decision.code, title: 'The unit cannot be dispatched', detail: decision.detail },
      }),
    ]);
  }
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
