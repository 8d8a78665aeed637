import {
  auditEntryEnvelope,
  commandResultEnvelope,
  eventEnvelope,
  type Topics,
  type TypedEnvelope,
} from '@atalaia/contracts';
import { writeOutboxMessages, type OutboxMessageInput } from '@atalaia/outbox';
import type { OccurrenceTransaction } from '../db/prisma';
import { toSnapshot, type OccurrenceRepository } from '../db/occurrence-repository';
import { decideIntake } from '../domain/occurrence-intake';

export const OCCURRENCE_SOURCE = 'atalaia.occurrence';

export interface OccurrenceUseCaseDeps {
  repository: OccurrenceRepository;
  topics: Topics;
}

/**
 * Handles an integration report in the consumer's transaction: lock the
 * agency's occurrence for that externalId, decide, apply, and write the event,
 * the audit entry and the command result to the outbox — all or nothing.
 */
export async function createOrUpdateOccurrence(
  deps: OccurrenceUseCaseDeps,
  tx: OccurrenceTransaction,
  command: TypedEnvelope<'occurrence.create_or_update'>,
): Promise<void> {
  const { repository, topics } = deps;
  const agencyId = command.actor?.agencyId;
  const result = (outcome: Parameters<typeof commandResultEnvelope>[2]): OutboxMessageInput => ({
    topic: topics.commandResults,
    key: command.commandId ?? command.id,
    envelope: commandResultEnvelope(command, OCCURRENCE_SOURCE, outcome),
  });
  if (!agencyId) {
    const error = { code: 'ACTOR_REQUIRED', title: 'The command does not say which agency sent it' };
    return writeOutboxMessages(tx, [result({ status: 'failed', error })]);
  }

  const existing = await repository.lockByExternalId(tx, agencyId, command.data.externalId);
  const decision = decideIntake(existing, command.data);
  switch (decision.kind) {
    case 'create': {
      const created = toSnapshot(await repository.insert(tx, agencyId, command.data.externalId, decision.fields));
      return writeOutboxMessages(tx, [
        {
          topic: topics.occurrenceEvents,
          key: created.id,
          envelope: eventEnvelope(command, OCCURRENCE_SOURCE, 'occurrence.created', 'occurrence', created.id, { occurrence: created }),
        },
        {
          topic: topics.auditEvents,
          key: created.id,
          envelope: auditEntryEnvelope(command, OCCURRENCE_SOURCE, {
            action: 'occurrence.created',
            aggregateType: 'occurrence',
            aggregateId: created.id,
            before: null,
            after: created,
          }),
        },
        result({ status: 'processed', aggregateType: 'occurrence', aggregateId: created.id, result: { occurrenceId: created.id, outcome: 'created' } }),
      ]);
    }
    case 'update': {
      const before = toSnapshot(existing!);
      const after = toSnapshot(await repository.update(tx, before.id, decision.fields));
      return writeOutboxMessages(tx, [
        {
          topic: topics.occurrenceEvents,
          key: after.id,
          envelope: eventEnvelope(command, OCCURRENCE_SOURCE, 'occurrence.updated', 'occurrence', after.id, {
            occurrence: after,
            changedFields: decision.changedFields,
          }),
        },
        {
          topic: topics.auditEvents,
          key: after.id,
          envelope: auditEntryEnvelope(command, OCCURRENCE_SOURCE, {
            action: 'occurrence.updated',
            aggregateType: 'occurrence',
            aggregateId: after.id,
            before,
            after,
          }),
        },
        result({ status: 'processed', aggregateType: 'occurrence', aggregateId: after.id, result: { occurrenceId: after.id, outcome: 'updated' } }),
      ]);
    }
    case 'unchanged':
      return writeOutboxMessages(tx, [
        result({ status: 'processed', aggregateType: 'occurrence', aggregateId: existing!.id, result: { occurrenceId: existing!.id, outcome: 'unchanged' } }),
      ]);
    case 'rejected':
      return writeOutboxMessages(tx, [
        result({
          status: 'failed',
          aggregateType: 'occurrence',
          aggregateId: existing!.id,
          error: { code: decision.code, title: 'The occurrence is closed', detail: decision.detail },
        }),
      ]);
  }
}
