import { randomUUID } from 'node:crypto';
import { createEnvelope, topicNames, type TypedEnvelope } from '@atalaia/contracts';
import { RetryableMessageError } from '@atalaia/kafka';
import type { DispatchRepository } from '../src/db/dispatch-repository';
import type { OccurrenceViewStore } from '../src/db/occurrence-view-store';
import type { DispatchTransaction } from '../src/db/prisma';
import { FirstSeenClock } from '../src/domain/first-seen-clock';
import { assignDispatch } from '../src/use-cases/assign-dispatch';

const GRACE_MS = 30_000;
const TEN_MINUTES_MS = 10 * 60_000;

/** A command the gateway accepted ten minutes ago, as after a Kafka outage. */
function commandAcceptedLongAgo(): TypedEnvelope<'dispatch.create'> {
  const occurrenceId = randomUUID();
  const command = createEnvelope({
    type: 'dispatch.create',
    source: 'test',
    aggregateType: 'occurrence',
    subject: occurrenceId,
    commandId: randomUUID(),
    actor: { clientId: 'client', agencyId: 'agency' },
    data: { occurrenceId, resourceCode: 'ABT-12' },
  }) as TypedEnvelope<'dispatch.create'>;
  return { ...command, time: new Date(Date.now() - TEN_MINUTES_MS).toISOString() };
}

/** A dispatch service whose occurrence view has not seen the occurrence; the transaction records outbox writes. */
function serviceWithoutTheOccurrence(clock: FirstSeenClock) {
  const outbox: string[] = [];
  const tx = {
    $executeRawUnsafe: async (_sql: string, ...values: unknown[]) => {
      for (let index = 3; index < values.length; index += 5) outbox.push(values[index] as string);
      return values.length / 5;
    },
  } as unknown as DispatchTransaction;
  const deps = {
    dispatches: {} as DispatchRepository,
    views: { lock: async () => null } as unknown as OccurrenceViewStore,
    topics: topicNames('grace'),
    occurrenceViewGraceMs: GRACE_MS,
    firstSeen: clock,
  };
  return { tx, deps, outbox: () => outbox.map((payload) => JSON.parse(payload) as { data: { error?: { code: string } } }) };
}

describe('dispatch grace for an occurrence the view has not seen', () => {
  it('when a command accepted 10 minutes ago is first seen now, then it is retried', async () => {
    const clock = new FirstSeenClock(10, () => Date.now());
    const { tx, deps, outbox } = serviceWithoutTheOccurrence(clock);

    await expect(assignDispatch(deps, tx, commandAcceptedLongAgo())).rejects.toBeInstanceOf(RetryableMessageError);
    expect(outbox()).toEqual([]);
  });

  it('when a command was first seen longer than the grace ago, then it fails with OCCURRENCE_NOT_FOUND and is forgotten', async () => {
    let now = Date.now();
    const clock = new FirstSeenClock(10, () => now);
    const { tx, deps, outbox } = serviceWithoutTheOccurrence(clock);
    const command = commandAcceptedLongAgo();
    await expect(assignDispatch(deps, tx, command)).rejects.toBeInstanceOf(RetryableMessageError);
    now += GRACE_MS;

    await assignDispatch(deps, tx, command);

    expect(outbox().map((message) => message.data.error?.code)).toEqual(['OCCURRENCE_NOT_FOUND']);
    expect(clock.size).toBe(0);
  });
});
