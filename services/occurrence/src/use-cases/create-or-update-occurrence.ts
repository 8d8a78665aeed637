import type { TypedEnvelope } from '@atalaia/contracts';
import type { SqlExecutor } from '@atalaia/database';
import { commandResultMessage, stateChangeMessages, writeOutboxMessages } from '@atalaia/outbox';
import { toSnapshot } from '../db/occurrence-repository';
import { addressToGeocode, decideIntake } from '../domain/occurrence-intake';
import { OCCURRENCE_SOURCE, type OccurrenceUseCaseDeps } from './occurrence-source';

/**
 * Handles an integration report in the consumer's transaction: lock the
 * agency's occurrence for that externalId, decide, apply, and write the event,
 * the audit entry and the command result to the outbox — all or nothing.
 * The occurrence is accepted when the gateway accepted the command that
 * created it (the envelope's time), the start of its response times. An
 * address sent without a point is geocoded here, when a geocoder is set, within
 * its timeout.
 */
export async function createOrUpdateOccurrence(
  deps: OccurrenceUseCaseDeps,
  tx: SqlExecutor,
  command: TypedEnvelope<'occurrence.create_or_update'>,
): Promise<void> {
  const { repository, topics } = deps;
  const finish = (outcome: Parameters<typeof commandResultMessage>[3]) =>
    writeOutboxMessages(tx, [commandResultMessage(command, OCCURRENCE_SOURCE, topics, outcome)]);
  const agencyId = command.actor?.agencyId;
  if (!agencyId) return finish({ status: 'failed', error: { code: 'ACTOR_REQUIRED', title: 'The command does not say which agency sent it' } });

  const existing = await repository.lockByExternalId(tx, agencyId, command.data.externalId);
  const address = addressToGeocode(existing, command.data);
  const point = address ? await deps.geocoder.locate(address, { municipality: command.data.location?.municipality }) : null;
  const decision = decideIntake(existing, command.data, point);
  if (decision.kind === 'rejected') {
    return finish({
      status: 'failed',
      aggregateType: 'occurrence',
      aggregateId: existing!.id,
      error: { code: decision.code, title: 'The occurrence is closed', detail: decision.detail },
    });
  }
  if (decision.kind === 'unchanged') {
    const result = { occurrenceId: existing!.id, outcome: 'unchanged' };
    return finish({ status: 'processed', aggregateType: 'occurrence', aggregateId: existing!.id, result });
  }

  const before = existing && toSnapshot(existing);
  const after = toSnapshot(
    decision.kind === 'create'
      ? await repository.insert(tx, agencyId, command.data.externalId, decision.fields, new Date(command.time))
      : await repository.update(tx, existing!.id, decision.fields),
  );
  const change = {
    cause: command,
    source: OCCURRENCE_SOURCE,
    topics,
    eventTopic: topics.occurrenceEvents,
    aggregateType: 'occurrence',
    aggregateId: after.id,
    ownerAgencyId: agencyId,
    before,
    after,
    result: {
      status: 'processed' as const,
      aggregateType: 'occurrence',
      aggregateId: after.id,
      result: { occurrenceId: after.id, outcome: decision.kind === 'create' ? 'created' : 'updated' },
    },
  };
  await writeOutboxMessages(
    tx,
    decision.kind === 'create'
      ? stateChangeMessages({ ...change, eventType: 'occurrence.created', eventData: { occurrence: after } })
      : stateChangeMessages({
          ...change,
          eventType: 'occurrence.updated',
          eventData: { occurrence: after, changedFields: decision.changedFields },
        }),
  );
}
