import { ROOT_CONTEXT, trace, type Attributes, type Link } from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';
import { contextFromCarrier, inSpan, SpanKind, spanName, startSpan, type Span, type SpanContext } from '@atalaia/telemetry';

/** A message as the spans about it see it; every field but the topic is optional. */
export interface TracedMessage {
  topic: string;
  partition?: number;
  offset?: string;
  key?: string | null;
  headers: IHeaders | Record<string, unknown>;
  /** The envelope id (`messaging.message.id`); the `message-id` header when absent. */
  messageId?: string;
}

function headerText(headers: TracedMessage['headers'], name: string): string | undefined {
  const value = (headers as Record<string, unknown>)[name];
  if (typeof value === 'string') return value;
  return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
}

/** The messaging semantic-convention attributes of one Kafka message, for `operation` (`send` or `process`). */
export function messageAttributes(message: TracedMessage, operation: 'send' | 'process'): Attributes {
  const messageId = message.messageId ?? headerText(message.headers, 'message-id');
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': operation,
    'messaging.operation.name': operation,
    'messaging.destination.name': message.topic,
    ...(message.partition === undefined ? {} : { 'messaging.destination.partition.id': String(message.partition) }),
    ...(message.offset === undefined ? {} : { 'messaging.kafka.offset': Number(message.offset) }),
    ...(message.key ? { 'messaging.kafka.message.key': message.key } : {}),
    ...(messageId ? { 'messaging.message.id': messageId } : {}),
  };
}

/** The context a message's headers carry (its producer span), as a span link; none when it carries none. */
export function linkToMessage(message: Pick<TracedMessage, 'headers'>): Link | undefined {
  const spanContext = trace.getSpanContext(contextFromCarrier(message.headers as Record<string, unknown>));
  return spanContext && trace.isSpanContextValid(spanContext) ? { context: spanContext } : undefined;
}

/**
 * The PRODUCER span `send <topic>` of one message, a child of the context in
 * `parentCarrier` (the outbox row's stored context). The caller ends it and
 * puts its context in the message's headers.
 */
export function startSendSpan(message: TracedMessage, parentCarrier: Record<string, unknown>, attributes: Attributes = {}): Span {
  return startSpan(spanName('send', message.topic), {
    kind: SpanKind.PRODUCER,
    parent: contextFromCarrier(parentCarrier),
    attributes: { ...messageAttributes(message, 'send'), ...attributes },
  });
}

/**
 * Runs `work` in the CONSUMER span `process <topic>` of one message: a child of
 * the message's producer span, so each request's trace goes on through its
 * consumers. Handled as part of a batch, it also links to the batch's span,
 * where the batch's shared statements (claim, outbox insert, commit) are.
 */
export async function withProcessSpan<T>(message: TracedMessage, consumerGroup: string, work: () => Promise<T>, batch?: SpanContext): Promise<T> {
  return inSpan(
    spanName('process', message.topic),
    {
      kind: SpanKind.CONSUMER,
      parent: contextFromCarrier(message.headers as Record<string, unknown>),
      attributes: { ...messageAttributes(message, 'process'), 'messaging.consumer.group.name': consumerGroup },
      links: batch ? [{ context: batch }] : undefined,
    },
    () => work(),
  );
}

/**
 * Runs `work` for several messages of one partition handled together (one
 * transaction) in a CONSUMER span `process <topic>` of its own trace, linked to
 * every message's producer span as the messaging conventions ask of a batch.
 */
export async function withBatchProcessSpan<T>(topic: string, partition: number, consumerGroup: string, messages: TracedMessage[], work: () => Promise<T>): Promise<T> {
  const links = messages.map(linkToMessage).filter((link): link is Link => link !== undefined);
  return inSpan(
    spanName('process', topic),
    {
      kind: SpanKind.CONSUMER,
      parent: ROOT_CONTEXT,
      links,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': topic,
        'messaging.destination.partition.id': String(partition),
        'messaging.consumer.group.name': consumerGroup,
        'messaging.batch.message_count': messages.length,
      },
    },
    () => work(),
  );
}
