import { createEnvelope } from '@atalaia/contracts';
import { InvalidOutboxMessageError, writeOutboxMessages } from '../src';

/** Records statements instead of running them: these tests are about what is refused before any SQL. */
function recordingExecutor() {
  const statements: unknown[][] = [];
  return {
    statements,
    $executeRawUnsafe: async (query: string, ...values: unknown[]) => (statements.push([query, ...values]), 1),
    $queryRawUnsafe: async <T>() => [] as T,
  };
}

describe('outbox writer', () => {
  it('when an envelope breaks its catalog schema, then nothing is written and the producer gets an exception', async () => {
    const executor = recordingExecutor();
    const envelope = createEnvelope({ type: 'occurrence.start', source: 'test', aggregateType: 'occurrence', subject: 'x', data: { occurrenceId: 'nope' } });

    await expect(writeOutboxMessages(executor, [{ topic: 't', key: 'x', envelope }])).rejects.toThrow(InvalidOutboxMessageError);
    expect(executor.statements).toEqual([]);
  });

  it('when several valid messages are written, then they go in one statement, in order', async () => {
    const executor = recordingExecutor();
    const make = (occurrenceId: string) =>
      createEnvelope({ type: 'occurrence.start', source: 'test', aggregateType: 'occurrence', subject: occurrenceId, data: { occurrenceId } });
    const first = make('00000000-0000-4000-8000-000000000001');
    const second = make('00000000-0000-4000-8000-000000000002');

    await writeOutboxMessages(executor, [
      { topic: 't', key: 'a', envelope: first },
      { topic: 't', key: 'b', envelope: second },
    ]);

    expect(executor.statements).toHaveLength(1);
    const [messageIds, topics, keys] = executor.statements[0]!.slice(1) as string[][];
    expect({ messageIds, topics, keys }).toEqual({ messageIds: [first.id, second.id], topics: ['t', 't'], keys: ['a', 'b'] });
  });

  it('when a message is written, then its row keeps the message-id and message-type headers and adds the CloudEvents ones', async () => {
    const executor = recordingExecutor();
    const occurrenceId = '00000000-0000-4000-8000-000000000003';
    const commandId = '00000000-0000-4000-8000-000000000004';
    const envelope = createEnvelope({
      type: 'occurrence.start',
      source: 'atalaia.gateway',
      aggregateType: 'occurrence',
      subject: occurrenceId,
      commandId,
      correlationId: 'request-1',
      data: { occurrenceId },
    });

    await writeOutboxMessages(executor, [{ topic: 't', key: occurrenceId, envelope }]);

    const headers = JSON.parse(executor.statements[0]!.at(-1) as string);
    expect(headers).toEqual({
      'message-id': envelope.id,
      'message-type': 'occurrence.start',
      ce_specversion: '1.0',
      ce_id: envelope.id,
      ce_source: '/atalaia/gateway',
      ce_type: 'dev.atalaia.occurrence.start.v1',
      ce_time: envelope.time,
      ce_subject: occurrenceId,
      'content-type': 'application/json',
      ce_dataschema: 'https://atalaia.dev/schemas/occurrence.start.v1.json',
      ce_partitionkey: occurrenceId,
      ce_correlationid: 'request-1',
      ce_commandid: commandId,
    });
  });
});
