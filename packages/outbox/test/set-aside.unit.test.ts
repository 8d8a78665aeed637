import { createEnvelope, parseMessage } from '@atalaia/contracts';
import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { isFatalProducerError, recordRefusalOf, sendFailureKind } from '../src/broker-errors';
import { failedResultFor, MESSAGE_REJECTED_CODE } from '../src/set-aside';
import type { OutboxRow } from '../src/send-plan';

const commandId = '6f1c1b8e-7c1a-4c39-9a3b-4d2f3f5b6a10';
const rowOf = (payload: unknown): OutboxRow => ({ id: '1', topic: 'commands', message_key: 'occ', payload, headers: {} });
const brokerError = (type: string, code: number, retriable = false) => new KafkaJSProtocolError({ message: type, type, code, retriable } as never);

describe('set-aside rows', () => {
  it('when a refused row carries a command, then a command.failed result keyed by the command says MESSAGE_REJECTED_BY_BROKER', () => {
    const command = createEnvelope({ type: 'occurrence.start', source: 'atalaia.gateway', aggregateType: 'occurrence', subject: 'occ', commandId, correlationId: 'corr-1', data: {} });

    const result = failedResultFor(rowOf(command), 'MESSAGE_TOO_LARGE', '2000000 bytes', 'results');

    expect(result).toMatchObject({ topic: 'results', key: commandId });
    expect(parseMessage(result!.envelope).ok).toBe(true);
    expect(result!.envelope).toMatchObject({
      type: 'command.failed',
      commandId,
      causationId: command.id,
      correlationId: 'corr-1',
      data: { commandId, commandType: 'occurrence.start', status: 'failed', error: { code: MESSAGE_REJECTED_CODE, detail: 'MESSAGE_TOO_LARGE: 2000000 bytes' } },
    });
  });

  it('when a refused row carries no command, or is itself a failed result, then no result is written', () => {
    const event = createEnvelope({ type: 'occurrence.started', source: 's', aggregateType: 'occurrence', subject: 'occ', data: {} });
    const failed = createEnvelope({ type: 'command.failed', source: 's', aggregateType: 'command', subject: commandId, commandId, data: {} });

    expect(failedResultFor(rowOf(event), 'MESSAGE_TOO_LARGE', '', 'results')).toBeNull();
    expect(failedResultFor(rowOf(failed), 'MESSAGE_TOO_LARGE', '', 'results')).toBeNull();
    expect(failedResultFor(rowOf('not an envelope'), 'MESSAGE_TOO_LARGE', '', 'results')).toBeNull();
  });
});

describe('broker errors', () => {
  it('when the broker refuses records, then the refusal is found however deep kafkajs wrapped it', () => {
    const tooLarge = brokerError('MESSAGE_TOO_LARGE', 10);
    const corrupt = brokerError('CORRUPT_MESSAGE', 2, true);

    expect(recordRefusalOf(Object.assign(new KafkaJSNonRetriableError(tooLarge), { cause: tooLarge }))).toBe('MESSAGE_TOO_LARGE');
    expect(recordRefusalOf(new KafkaJSNumberOfRetriesExceeded(corrupt, { retryCount: 5, retryTime: 100 } as never))).toBe('CORRUPT_MESSAGE');
    expect(recordRefusalOf(brokerError('NOT_LEADER_FOR_PARTITION', 6, true))).toBeUndefined();
  });

  it('when the producer state is broken, then the failure is fatal and named by its Kafka code', () => {
    const outOfOrder = brokerError('OUT_OF_ORDER_SEQUENCE_NUMBER', 45);
    const wrapped = Object.assign(new KafkaJSNonRetriableError(outOfOrder), { cause: outOfOrder });

    expect(isFatalProducerError(wrapped)).toBe(true);
    expect(sendFailureKind(wrapped)).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(isFatalProducerError(new Error('Connection timeout'))).toBe(false);
    expect(sendFailureKind(new Error('Connection timeout'))).toBe('Error');
  });
});
