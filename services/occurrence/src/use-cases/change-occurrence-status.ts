import { accessOfActor, type TypedEnvelope } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { commandResultMessage, stateChangeMessages, writeOutboxMessages } from '@atalaia/outbox';
import { toSnapshot, type OccurrenceChange } from '../db/occurrence-repository';
import { decideLifecycleCommand, type LifecycleAction } from '../domain/occurrence-lifecycle';
import { OCCURRENCE_SOURCE, type OccurrenceUseCaseDeps } from './occurrence-source';

type LifecycleCommand = TypedEnvelope<'occurrence.start' | 'occurrence.resolve' | 'occurrence.cancel'>;

const actions = {
  'occurrence.start': { action: 'start', event: 'occurrence.started' },
  'occurrence.resolve': { action: 'resolve', event: 'occurrence.resolved' },
  'occurrence.cancel': { action: 'cancel', event: 'occurrence.cancelled' },
} as const satisfies Record<LifecycleCommand['type'], { action: LifecycleAction; event: string }>;

/**
 * Start, resolve or cancel under a row lock: concurrent commands on one
 * occurrence serialise, each sees the state the previous one left, and an
 * invalid transition fails the command with its reason — never a silent no-op.
 */
export async function changeOccurrenceStatus(deps: OccurrenceUseCaseDeps, tx: SqlExecutor, command: LifecycleCommand): Promise<void> {
  const { repository, topics } = deps;
  const { occurrenceId } = command.data;
  const { action, event } = actions[command.type];
  const fail = (code: string, title: string, detail?: string) =>
    writeOutboxMessages(tx, [
      commandResultMessage(command, OCCURRENCE_SOURCE, topics, {
        status: 'failed',
        aggregateType: 'occurrence',
        aggregateId: occurrenceId,
        error: { code, title, detail },
      }),
    ]);

  const existing = await repository.lockById(tx, occurrenceId);
  const decision = decideLifecycleCommand(existing, occurrenceId, accessOfActor(command.actor), action);
  if (!decision.ok) {
    const title = decision.code === 'OCCURRENCE_NOT_FOUND' ? 'No such occurrence' : 'The occurrence cannot make this transition';
    return fail(decision.code, title, decision.detail);
  }

  const now = new Date();
  const change: OccurrenceChange = { status: decision.to };
  if (action === 'start') change.startedAt = now;
  else change.closedAt = now;
  if (action === 'cancel') change.statusReason = command.data.reason ?? null;
  if (action === 'resolve') change.statusReason = command.data.note ?? null;

  const before = toSnapshot(existing!);
  const after = toSnapshot(await repository.update(tx, occurrenceId, change));
  await writeOutboxMessages(
    tx,
    stateChangeMessages({
      cause: command,
      source: OCCURRENCE_SOURCE,
      topics,
      eventType: event,
      eventTopic: topics.occurrenceEvents,
      aggregateType: 'occurrence',
      aggregateId: occurrenceId,
      ownerAgencyId: before.agencyId,
      eventData: { occurrence: after, previousStatus: before.status },
      before,
      after,
      result: { status: 'processed', aggregateType: 'occurrence', aggregateId: occurrenceId, result: { occurrenceId, status: after.status } },
    }),
  );
}
