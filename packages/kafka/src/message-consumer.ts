import type { Consumer, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { parseMessageBytes, type AnyTypedEnvelope, type MessageParseResult } from '@atalaia/contracts';
import { contextFromCarrier, SpanKind, withSpan, type Logger } from '@atalaia/telemetry';

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: IHeaders;
  message: AnyTypedEnvelope;
}

export interface RejectedMessage {
  topic: string;
  partition: number;
  offset: string;
  raw: KafkaMessage;
  reason: Extract<MessageParseResult, { ok: false }>;
}

export interface MessageConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  logger: Logger;
  handle(received: ReceivedMessage): Promise<void>;
  /** A message that fails the contract; it can never succeed, so it must not block the partition. */
  reject(rejected: RejectedMessage): Promise<void>;
}

/**
 * Consumes Atalaia envelopes: parses each message against the message catalog,
 * continues the producer's trace, and hands it to `handle`. Offsets are
 * committed only after `handle` returns, so a crash redelivers (at-least-once);
 * handlers make that safe by being idempotent.
 */
export class MessageConsumer {
  private consumer: Consumer | undefined;

  constructor(private readonly options: MessageConsumerOptions) {}

  async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, retry: { retries: 10 } });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      eachMessage: async ({ topic, partition, message }) => this.consume(topic, partition, message),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async consume(topic: string, partition: number, raw: KafkaMessage): Promise<void> {
    const parsed = parseMessageBytes(raw.value);
    const parent = contextFromCarrier(raw.headers ?? {});
    await withSpan(
      `${topic} process`,
      {
        kind: SpanKind.CONSUMER,
        parent,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': topic,
          'messaging.kafka.offset': Number(raw.offset),
          'atalaia.consumer_group': this.options.groupId,
        },
      },
      async () => {
        if (!parsed.ok) {
          this.options.logger.warn({ topic, partition, offset: raw.offset, reason: parsed }, 'rejected message');
          await this.options.reject({ topic, partition, offset: raw.offset, raw, reason: parsed });
          return;
        }
        await this.options.handle({
          topic,
          partition,
          offset: raw.offset,
          key: raw.key?.toString('utf8') ?? null,
          headers: raw.headers ?? {},
          message: parsed.message,
        });
      },
    );
  }
}
