import type { TypedEnvelope } from '@atalaia/contracts';
import { writeOutboxMessages } from '@atalaia/outbox';
import type { DispatchTransaction } from '../db/prisma';
import { closeReasonForOccurrence } from '../domain/dispatch-lifecycle';
import type { DispatchUseCaseDeps } from './dispatch-source';
import { recordDispatchStatus } from './change-dispatch-status';
import { applyParkedCommands } from './parked-dispatch-commands';

type OccurrenceEvent = TypedEnvelope<
  'occurrence.created' | 'occurrence.updated' | 'occurrence.started' | 'occurrence.resolved' | 'occurrence.cancelled'
>;

/**
 * Keeps the occurrence view current. When the view is created, the commands
 * parked for the occurrence are applied, in the same transaction and under the
 * occurrence's key lock (see `ParkedCommandStore.lockOccurrenceKey`). When an
 * occurrence resolves or is cancelled, its open dispatches close in the same
 * transaction (units are released), each with its own event and audit entry
 * under the original actor.
 */
export async function followOccurrence(deps: DispatchUseCaseDeps, tx: DispatchTransaction, event: OccurrenceEvent): Promise<void> {
  const { occurrence } = event.data;
  await deps.parked.lockOccurrenceKey(tx, occurrence.id);
  const { applied, previous } = await deps.views.apply(tx, occurrence);
  if (!applied) return;
  // Commands are parked only while the view does not exist, so only its creation has any to apply.
  if (previous === null) {
    const { id: occurrenceId, agencyId, status, version } = occurrence;
    await applyParkedCommands(deps, tx, { occurrenceId, agencyId, status, version });
  }
  const closeReason = closeReasonForOccurrence(occurrence.status);
  if (!closeReason) return;
  for (const dispatch of await deps.dispatches.lockOpenForOccurrence(tx, occurrence.id)) {
    await writeOutboxMessages(tx, await recordDispatchStatus(deps, tx, event, dispatch, 'closed', closeReason, false));
  }
}
