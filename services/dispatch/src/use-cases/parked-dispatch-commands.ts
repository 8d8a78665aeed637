import { parseMessage } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { writeOutboxMessages } from '@atalaia/outbox';
import type { OccurrenceView } from '../db/occurrence-view-store';
import type { ParkedCommand } from '../db/parked-command-store';
import { unknownOccurrence } from '../domain/dispatch-lifecycle';
import { applyAssignment, assignmentRefused, type AssignCommand } from './assign-dispatch';
import type { DispatchUseCaseDeps } from './dispatch-source';

/** Only parsed `dispatch.create` commands are ever parked, so anything else in the table is a bug. */
function commandOf(parked: ParkedCommand): AssignCommand {
  const parsed = parseMessage(parked.envelope);
  if (!parsed.ok || parsed.message.type !== 'dispatch.create') {
    throw new Error(`parked command ${parked.id} is not a dispatch.create envelope`);
  }
  return parsed.message;
}

/**
 * Applies the commands parked for an occurrence whose view was just created,
 * in the order they were parked, in the transaction that created it (the
 * caller holds the occurrence's key lock and view row): the view and the
 * effects commit together, and each parked command is applied once.
 */
export async function applyParkedCommands(deps: DispatchUseCaseDeps, tx: SqlExecutor, view: OccurrenceView): Promise<number> {
  const parked = await deps.parked.takeForOccurrence(tx, view.occurrenceId);
  for (const row of parked) await applyAssignment(deps, tx, commandOf(row), view);
  return parked.length;
}

/**
 * Fails, with OCCURRENCE_NOT_FOUND as an unknown occurrence always has, up to
 * `limit` commands parked longer than the grace, and forgets them. Returns how
 * many it failed.
 */
export async function failExpiredParkedCommands(deps: DispatchUseCaseDeps, tx: SqlExecutor, limit: number): Promise<number> {
  const expired = await deps.parked.takeExpired(tx, deps.occurrenceViewGraceMs, limit);
  await writeOutboxMessages(
    tx,
    expired.map((row) => assignmentRefused(deps.topics, commandOf(row), unknownOccurrence())),
  );
  return expired.length;
}
