import { setTimeout as delay } from 'node:timers/promises';
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { parseMessageBytes, type AnyTypedEnvelope } from '@atalaia/contracts';
import { type Logger } from '@atalaia/telemetry';
import { deadLetterTopic, sendToDeadLetterTopic, type DeadLetter } from './dead-letters';
import { backoffDelay, classifyFailure, type BackoffSettings } from './failure-policy';
import { ensureTopics, kafkaSettingsOf } from './kafka-client';
import { consumerMetrics } from './consumer-metrics';
import { withBatchProcessSpan, withProcessSpan, type TracedMessage } from './messaging-spans';

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
  /**
   * Handles consecutive messages of one partition together, all or nothing
   * (e.g. in one database transaction). When it fails, the consumer handles
   * the same messages one at a time with `handle`, so one bad message costs
   * only its own retries. Without it every message goes through `handle`.
   */
  handleBatch?(messages: ReceivedMessage[]): Promise<void>;
  /** The most messages given to `handleBatch` at once. */
  maxBatchSize?: number;
  /** Called after a message went to its dead-letter topic (e.g. to fail the command it carried). */
  onDeadLetter?(letter: DeadLetter): Promise<void>;
  /** Attempts for a failure that is not transient before the message is dead-lettered. */
  maxPermanentAttempts?: number;
  backoff?: BackoffSettings;
  partitionsConsumedConcurrently?: number;
  /**
   * Offsets are committed at most this often (default 1000 ms), and when an
   * idle consumer has handled messages since the last commit; kafkajs would
   * otherwise commit after every fetched batch. Handlers are idempotent, so a
   * crash redelivers at most this much work, harmlessly.
   */
  commitIntervalMs?: number;
  /** …or as soon as this many handled messages are uncommitted (default 1000). */
  commitThreshold?: number;
}

/** The offset bookkeeping of the batch being consumed, kept to commit between batches. */
type OffsetCommits = Pick<EachBatchPayload, 'commitOffsetsIfNecessary' | 'uncommittedOffsets'>;

class StoppingError extends Error {}

/** What the spans of a message say about it. */
function tracedMessage(topic: string, partition: number, raw: KafkaMessage, message?: AnyTypedEnvelope): TracedMessage {
  return { topic, partition, offset: raw.offset, key: raw.key?.toString('utf8') ?? null, headers: raw.headers ?? {}, messageId: message?.id };
}

/** A received message as its span sees it (the envelope id is its message id). */
export function tracedReceived(received: ReceivedMessage): TracedMessage {
  return { ...received, messageId: received.message.id };
}

interface ParsedMessage {
  raw: KafkaMessage;
  message: AnyTypedEnvelope;
}

/**
 * Consumes Atalaia envelopes a fetched batch at a time: parses each against
 * the message catalog, continues the producer's trace, and hands runs of
 * consecutive messages to `handleBatch` (or each to `handle`). Offsets are
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
  private offsets: OffsetCommits | undefined;
  private commitTimer: NodeJS.Timeout | undefined;

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
    const commitIntervalMs = this.options.commitIntervalMs ?? 1_000;
    await consumer.run({
      // Committed by interval or threshold (commitOffsetsIfNecessary), never after each batch.
      autoCommit: false,
      autoCommitInterval: commitIntervalMs,
      autoCommitThreshold: this.options.commitThreshold ?? 1_000,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? kafkaSettingsOf(kafka).consumerConcurrency,
      eachBatch: async (payload) => {
        this.offsets = payload;
        await this.consumeBatch(payload);
        await this.commitIfDue();
      },
    });
    // An idle consumer still commits what it handled last, so its lag reads zero within an interval.
    this.commitTimer = setInterval(() => void this.commitIfDue(), commitIntervalMs).unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.commitTimer);
    await this.commitIfDue(true);
    this.offsets = undefined;
    await this.consumer?.disconnect();
    await this.deadLetters?.disconnect();
    this.consumer = undefined;
    this.deadLetters = undefined;
  }

  /**
   * Commits the handled offsets when the interval or threshold says so (or
   * now). A commit refused during a rebalance is dropped: the partition's next
   * owner starts from the last commit and the inbox absorbs the repeats.
   */
  private async commitIfDue(now = false): Promise<void> {
    const offsets = this.offsets;
    if (!offsets) return;
    try {
      const { topics } = offsets.uncommittedOffsets();
      if (now && topics.length > 0) await offsets.commitOffsetsIfNecessary({ topics });
      else await offsets.commitOffsetsIfNecessary();
    } catch (error) {
      this.options.logger.debug({ err: error, group: this.options.groupId }, 'offset commit refused; the next one carries it');
    }
  }

  /**
   * Works through one fetched batch in order: runs of parseable messages go to
   * the handler (up to `maxBatchSize` at a time), a poison message goes
   * straight to its dead-letter topic between them. Each offset is resolved
   * once its message is done; a rebalance or stop ends the batch early and the
   * rest is fetched again.
   */
  private async consumeBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const maxBatchSize = this.options.maxBatchSize ?? 100;
    let run: ParsedMessage[] = [];
    const flush = async () => {
      if (run.length === 0) return;
      const done = run;
      run = [];
      await this.consumeRun(topic, partition, done, resolveOffset, heartbeat);
      await heartbeat();
    };
    for (const raw of batch.messages) {
      if (!isRunning() || isStale() || this.stopping) break;
      const parsed = parseMessageBytes(raw.value);
      if (parsed.ok) {
        run.push({ raw, message: parsed.message });
        if (run.length >= maxBatchSize) await flush();
        continue;
      }
      await flush();
      await withProcessSpan(tracedMessage(topic, partition, raw), this.options.groupId, () =>
        this.deadLetter(topic, partition, raw, parsed.code, parsed.detail, 1),
      );
      consumerMetrics.processed.inc({ consumer: this.options.groupId, outcome: 'dead_lettered' });
      resolveOffset(raw.offset);
    }
    if (isRunning() && !isStale() && !this.stopping) await flush();
  }

  /** Handles consecutive messages together when the handler can, else (or when that fails) one at a time. */
  private async consumeRun(
    topic: string,
    partition: number,
    run: ParsedMessage[],
    resolveOffset: (offset: string) => void,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const consumer = this.options.groupId;
    const { handleBatch } = this.options;
    if (handleBatch && run.length > 1) {
      const started = process.hrtime.bigint();
      try {
        const received = run.map(({ raw, message }) => this.received(topic, partition, raw, message, 1));
        await withBatchProcessSpan(topic, partition, consumer, received.map(tracedReceived), () => handleBatch(received));
        resolveOffset(run.at(-1)!.raw.offset);
        consumerMetrics.processed.inc({ consumer, outcome: 'handled' }, run.length);
        consumerMetrics.batchSize.observe({ consumer }, run.length);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        for (let i = 0; i < run.length; i += 1) consumerMetrics.duration.observe({ consumer }, seconds);
        return;
      } catch (error) {
        if (error instanceof StoppingError) throw error;
        this.options.logger.warn(
          { err: error, topic, partition, firstOffset: run[0]!.raw.offset, messages: run.length },
          'batch failed as a whole; handling its messages one at a time',
        );
      }
    }
    for (const { raw, message } of run) {
      const started = process.hrtime.bigint();
      const outcome = await withProcessSpan(tracedMessage(topic, partition, raw, message), consumer, () =>
        this.handleWithRetries(topic, partition, raw, message, heartbeat),
      );
      consumerMetrics.processed.inc({ consumer, outcome });
      consumerMetrics.batchSize.observe({ consumer }, 1);
      consumerMetrics.duration.observe({ consumer }, Number(process.hrtime.bigint() - started) / 1e9);
      resolveOffset(raw.offset);
    }
  }

  private received(topic: string, partition: number, raw: KafkaMessage, message: AnyTypedEnvelope, attempt: number): ReceivedMessage {
    const key = raw.key?.toString('utf8') ?? null;
    return { topic, partition, offset: raw.offset, key, headers: raw.headers ?? {}, message, attempt };
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
        await this.options.handle(this.received(topic, partition, raw, message, attempt));
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
