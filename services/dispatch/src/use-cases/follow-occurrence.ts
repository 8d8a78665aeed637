import type { TypedEnvelope } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { writeOutboxMessages } from '@atalaia/outbox';
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
 * occurrence's key lock (see `occurrenceKeyLockSql`), which applying the
 * snapshot takes. When an occurrence resolves or is cancelled, its open
 * dispatches close in the same transaction (units are released), each with
 * its own event and audit entry under the original actor.
 */
export async function followOccurrence(deps: DispatchUseCaseDeps, tx: SqlExecutor, event: OccurrenceEvent): Promise<void> {
  const { occurrence } = event.data;
  const change = await deps.views.apply(tx, occurrence);
  if (change === 'stale') return;
  // Commands are parked only while the view does not exist, so only its creation has any to apply.
  if (change === 'created') {
    const { id: occurrenceId, agencyId, status, version } = occurrence;
    await applyParkedCommands(deps, tx, { occurrenceId, agencyId, status, version });
  }
  const closeReason = closeReasonForOccurrence(occurrence.status);
  if (!closeReason) return;
  for (const dispatch of await deps.dispatches.lockOpenForOccurrence(tx, occurrence.id)) {
    await writeOutboxMessages(tx, await recordDispatchStatus(deps, tx, event, dispatch, 'closed', closeReason, false));
  }
}
