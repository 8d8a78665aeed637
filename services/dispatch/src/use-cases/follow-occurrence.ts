import type { TypedEnvelope } from '@atalaia/contracts';
import { writeOutboxMessages } from '@atalaia/outbox';
import type { DispatchTransaction } from '../db/prisma';
import { closeReasonForOccurrence } from '../domain/dispatch-lifecycle';
import type { DispatchUseCaseDeps } from './dispatch-source';
import { recordDispatchStatus } from './change-dispatch-status';

type OccurrenceEvent = TypedEnvelope<
  'occurrence.created' | 'occurrence.updated' | 'occurrence.started' | 'occurrence.resolved' | 'occurrence.cancelled'
>;

/**
 * Keeps the occurrence view current and, when an occurrence resolves or is
 * cancelled, closes its open dispatches in the same transaction (units are
 * released), each with its own event and audit entry under the original actor.
 */
export async function followOccurrence(deps: DispatchUseCaseDeps, tx: DispatchTransaction, event: OccurrenceEvent): Promise<void> {
  const { occurrence } = event.data;
  const { applied } = await deps.views.apply(tx, occurrence);
  const closeReason = closeReasonForOccurrence(occurrence.status);
  if (!applied || !closeReason) return;
  for (const dispatch of await deps.dispatches.lockOpenForOccurrence(tx, occurrence.id)) {
    await writeOutboxMessages(tx, await recordDispatchStatus(deps, tx, event, dispatch, 'closed', closeReason, false));
  }
}
