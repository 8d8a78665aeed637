import { accessOfActor, type DispatchStatus, type Envelope, type TypedEnvelope } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { commandResultMessage, stateChangeMessages, writeOutboxMessages, type OutboxMessageInput } from '@atalaia/outbox';
import { toDispatchSnapshot, type StoredDispatch } from '../db/dispatch-repository';
import { decideDispatchChange } from '../domain/dispatch-lifecycle';
import { DISPATCH_SOURCE, type DispatchUseCaseDeps } from './dispatch-source';
import { followDispatchWithUnit } from './unit-status-messages';

type DispatchCommand = TypedEnvelope<'dispatch.update_status' | 'dispatch.close'>;

/** Applies a status change the caller already decided, moves the unit with it, and says so on Kafka and in the audit trail. */
export async function recordDispatchStatus(
  deps: DispatchUseCaseDeps,
  tx: SqlExecutor,
  cause: Envelope,
  existing: StoredDispatch,
  to: DispatchStatus,
  closeReason: string | null,
  withResult: boolean,
): Promise<OutboxMessageInput[]> {
  const before = toDispatchSnapshot(existing);
  const after = toDispatchSnapshot(await deps.dispatches.changeStatus(tx, existing.id, to, closeReason));
  const dispatchMessages = stateChangeMessages({
    cause,
    source: DISPATCH_SOURCE,
    topics: deps.topics,
    eventType: to === 'closed' ? 'dispatch.closed' : 'dispatch.status_changed',
    eventTopic: deps.topics.dispatchEvents,
    aggregateType: 'dispatch',
    aggregateId: existing.id,
    ownerAgencyId: existing.agencyId,
    eventData: { dispatch: after, previousStatus: before.status },
    before,
    after,
    result: withResult
      ? { status: 'processed', aggregateType: 'dispatch', aggregateId: existing.id, result: { dispatchId: existing.id, status: to } }
      : undefined,
  });
  // The unit follows its dispatch: en route, on scene, and once closed returning or available.
  const unitMessages = to === 'assigned' ? [] : await followDispatchWithUnit(deps, tx, cause, { id: existing.id, unitId: existing.unitId, status: to });
  return [...dispatchMessages, ...unitMessages];
}

/** A unit reports en route / on scene, or a dispatcher closes the dispatch; under the dispatch's row lock. */
export async function changeDispatchStatus(deps: DispatchUseCaseDeps, tx: SqlExecutor, command: DispatchCommand): Promise<void> {
  const { dispatchId } = command.data;
  const fail = (code: string, title: string, detail: string) =>
    writeOutboxMessages(tx, [
      commandResultMessage(command, DISPATCH_SOURCE, deps.topics, {
        status: 'failed',
        aggregateType: 'dispatch',
        aggregateId: dispatchId,
        error: { code, title, detail },
      }),
    ]);
  const existing = await deps.dispatches.lockById(tx, dispatchId);
  const change = command.type === 'dispatch.close' ? ({ kind: 'close' } as const) : ({ kind: 'report', status: command.data.status } as const);
  const decision = decideDispatchChange(existing, dispatchId, accessOfActor(command.actor), change);
  if (!decision.ok) {
    const title = decision.code === 'DISPATCH_NOT_FOUND' ? 'No such dispatch' : 'The dispatch cannot make this transition';
    return fail(decision.code, title, decision.detail);
  }
  const closeReason = command.type === 'dispatch.close' ? (command.data.reason ?? null) : null;
  await writeOutboxMessages(tx, await recordDispatchStatus(deps, tx, command, existing!, decision.value, closeReason, true));
}
