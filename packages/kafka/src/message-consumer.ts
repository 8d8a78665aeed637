import { setTimeout as delay } from 'node:timers/promises';
import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { parseMessageBytes, type AnyTypedEnvelope } from '@atalaia/contracts';
import { contextFromCarrier, SpanKind, withSpan, type Logger } from '@atalaia/telemetry';
import { deadLetterTopic, sendToDeadLetterTopic, type DeadLetter } from './dead-letters';
import { backoffDelay, classifyFailure, type BackoffSettings } from './failure-policy';
import { ensureTopics } from './kafka-client';
import { consumerMetrics } from './consumer-metrics';

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: IHeaders;
  message: AnyTypedEnvelope;
  attempt: number;
}

export interface MessageConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  logger: Logger;
  handle(received: ReceivedMessage): Promise<void>;
  /** Called after a message went to its dead-letter topic (e.g. to fail the command it carried). */
  onDeadLetter?(letter: DeadLetter): Promise<void>;
  /** Attempts for a failure that is not transient before the message is dead-lettered. */
  maxPermanentAttempts?: number;
  backoff?: BackoffSettings;
  partitionsConsumedConcurrently?: number;
}

class StoppingError extends Error {}

/**
 * Consumes Atalaia envelopes: parses each against the message catalog,
 * continues the producer's trace, and hands it to `handle`. Offsets are
 * committed only after a message is handled or dead-lettered, so a crash
 * redelivers (at-least-once; handlers are idempotent). Transient failures are
 * retried in place with backoff and jitter for as long as they last, which
 * holds back only that partition; poison messages and failures that persist
 * go to `<topic>.dlq` and the consumer moves on.
 */
export class MessageConsumer {
  private consumer: Consumer | undefined;
  private deadLetters: Producer | undefined;
  private stopping = false;

  constructor(private readonly options: MessageConsumerOptions) {}

  async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    this.stopping = false;
    await ensureTopics(kafka, topics.map(deadLetterTopic), 1);
    this.deadLetters = kafka.producer({ allowAutoTopicCreation: false });
    await this.deadLetters.connect();
    // A short session lets a crashed member's partitions move on in seconds; retry waits heartbeat.
    const consumer = kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      retry: { retries: 10 },
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 3,
      eachMessage: async ({ topic, partition, message, heartbeat }) => this.consume(topic, partition, message, heartbeat),
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    await this.deadLetters?.disconnect();
    this.consumer = undefined;
    this.deadLetters = undefined;
  }

  private async consume(topic: string, partition: number, raw: KafkaMessage, heartbeat: () => Promise<void>): Promise<void> {
    const started = process.hrtime.bigint();
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.kafka.offset': Number(raw.offset),
      'atalaia.consumer_group': this.options.groupId,
    };
    await withSpan(`${topic} process`, { kind: SpanKind.CONSUMER, parent: contextFromCarrier(raw.headers ?? {}), attributes }, async () => {
      const parsed = parseMessageBytes(raw.value);
      if (!parsed.ok) return this.deadLetter(topic, partition, raw, parsed.code, parsed.detail, 1);
      const outcome = await this.handleWithRetries(topic, partition, raw, parsed.message, heartbeat);
      consumerMetrics.processed.inc({ consumer: this.options.groupId, outcome });
    });
    consumerMetrics.duration.observe({ consumer: this.options.groupId }, Number(process.hrtime.bigint() - started) / 1e9);
  }

  private async handleWithRetries(
    topic: string,
    partition: number,
    raw: KafkaMessage,
    message: AnyTypedEnvelope,
    heartbeat: () => Promise<void>,
  ): Promise<'handled' | 'dead_lettered'> {
    const maxPermanentAttempts = this.options.maxPermanentAttempts ?? 3;
    const backoff = this.options.backoff ?? { baseMs: 100, maxMs: 10_000 };
    for (let attempt = 1; ; attempt += 1) {
      try {
        const key = raw.key?.toString('utf8') ?? null;
        await this.options.handle({ topic, partition, offset: raw.offset, key, headers: raw.headers ?? {}, message, attempt });
        return 'handled';
      } catch (error) {
        const kind = classifyFailure(error);
        const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        if (kind === 'permanent' && attempt >= maxPermanentAttempts) {
          await this.deadLetter(topic, partition, raw, 'HANDLER_FAILED', detail, attempt);
          return 'dead_lettered';
        }
        consumerMetrics.retries.inc({ consumer: this.options.groupId, kind });
        const wait = backoffDelay(attempt, backoff);
        this.options.logger.warn({ err: error, kind, attempt, retryInMs: wait, topic, offset: raw.offset }, 'message failed; retrying');
        await this.pause(wait, heartbeat);
      }
    }
  }

  /** Waits between attempts while keeping the group membership alive; gives up when the consumer stops. */
  private async pause(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (this.stopping) throw new StoppingError('consumer stopping; the message will be redelivered');
      await delay(Math.min(1_000, until - Date.now()));
      await heartbeat().catch(() => undefined);
    }
  }

  private async deadLetter(topic: string, partition: number, raw: KafkaMessage, code: string, detail: string, attempts: number): Promise<void> {
    const consumerGroup = this.options.groupId;
    const letter = await sendToDeadLetterTopic(this.deadLetters!, raw, { topic, partition, offset: raw.offset, consumerGroup, code, detail, attempts });
    consumerMetrics.deadLetters.inc({ consumer: consumerGroup, code });
    this.options.logger.error({ topic, partition, offset: raw.offset, code, detail, attempts }, 'message dead-lettered');
    await this.options.onDeadLetter?.(letter);
  }
}
