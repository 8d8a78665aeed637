import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { consumerGroupId, parseMessageBytes, type Topics } from '@atalaia/contracts';
import type { Logger } from '@atalaia/telemetry';
import type { LiveEventHub } from '../domain/live-event-hub';
import type { CommandCompletions } from '../domain/command-completions';
import { liveEventOf } from '../domain/live-events';

export const LIVE_STREAM_CONSUMER = 'gateway.live-stream';

export interface LiveEventFeedDeps {
  kafka: Kafka;
  topics: Topics;
  topicNamespace: string;
  logger: Logger;
  hub: LiveEventHub;
  /** Requests waiting for commands to settle; told of every command result while any waits. */
  completions?: CommandCompletions;
  /** Names this instance's own consumer group. */
  instanceId: string;
  /** How long start() waits for the first fetch (offsets resolved at the end of each partition). */
  readyTimeoutMs?: number;
}

/**
 * Feeds the live stream from Kafka: occurrence, dispatch and unit events and
 * command results. Every gateway instance reads all of them, so each has a consumer
 * group of its own, starting at the newest offsets and committing none (a
 * restart is a new epoch: clients resync). While nobody listens the messages
 * are dropped undecoded: the gateway is on the accept path's hot loop.
 */
export class LiveEventFeed {
  private consumer: Consumer | undefined;

  constructor(private readonly deps: LiveEventFeedDeps) {}

  get groupId(): string {
    return consumerGroupId(this.deps.topicNamespace, `${LIVE_STREAM_CONSUMER}.${this.deps.instanceId}`);
  }

  async start(): Promise<void> {
    const { kafka, topics, hub, logger } = this.deps;
    // A short fetch wait: stopping waits for the fetch in flight, and a live stream has no batch to fill.
    const consumer = kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 500,
    });
    this.consumer = consumer;
    let firstFetch!: () => void;
    const fetched = new Promise<void>((resolve) => (firstFetch = resolve));
    const removeFetchListener = consumer.on(consumer.events.FETCH, () => firstFetch());
    // A crashed consumer restarts on its own; what went by meanwhile is a gap.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      hub.missed();
      logger.warn({ err: payload.error, restart: payload.restart }, 'live stream consumer crashed');
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.occurrenceEvents, topics.dispatchEvents, topics.unitEvents, topics.commandResults], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (batch.topic === topics.commandResults) this.tellWaiters(batch.messages);
        this.take(batch.messages);
      },
    });
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, this.deps.readyTimeoutMs ?? 15_000).unref());
    await Promise.race([fetched, timeout]);
    removeFetchListener();
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /** The command ids of results, decoded only while a request waits for one. */
  private tellWaiters(messages: KafkaMessage[]): void {
    const completions = this.deps.completions;
    if (!completions?.waiting) return;
    for (const raw of messages) {
      const parsed = parseMessageBytes(raw.value);
      if (parsed.ok && (parsed.message.type === 'command.processed' || parsed.message.type === 'command.failed')) completions.notify(parsed.message.data.commandId);
    }
  }

  private take(messages: KafkaMessage[]): void {
    const { hub } = this.deps;
    if (messages.length === 0) return;
    if (!hub.listening) {
      hub.missed();
      return;
    }
    for (const raw of messages) {
      const parsed = parseMessageBytes(raw.value);
      const event = parsed.ok ? liveEventOf(parsed.message) : null;
      if (event) hub.publish(event);
    }
  }
}
