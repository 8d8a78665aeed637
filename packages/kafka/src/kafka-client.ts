import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel, type Admin, type KafkaConfig, type LogEntry, type Producer } from 'kafkajs';
import type { Logger } from '@atalaia/telemetry';
import { countKafkaRequests } from './request-metrics';

/** Partitions a topic is created with, and partitions one consumer instance handles at once. */
export interface KafkaSettings {
  /** KAFKA_TOPIC_PARTITIONS: the most instances of one consumer group that share the work. */
  topicPartitions: number;
  /** KAFKA_CONSUMER_CONCURRENCY: partitions an instance's consumer handles in parallel (in order within each). */
  consumerConcurrency: number;
}

export const defaultKafkaSettings: KafkaSettings = { topicPartitions: 12, consumerConcurrency: 3 };

export interface KafkaClientOptions {
  clientId: string;
  brokers: string[];
  logger: Logger;
  settings?: Partial<KafkaSettings>;
  /** SASL and TLS (`kafkaSecurityOf`); none by default. */
  security?: Pick<KafkaConfig, 'sasl' | 'ssl'>;
}

/** Each client's settings: what its topics are created with and how its consumers run, unless a call says otherwise. */
const clientSettings = new WeakMap<Kafka, KafkaSettings>();

export function kafkaSettingsOf(kafka: Kafka): KafkaSettings {
  return clientSettings.get(kafka) ?? defaultKafkaSettings;
}

const pinoLevels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
  [logLevel.NOTHING]: 'debug',
};

/** A kafkajs client whose logs go through the service's pino logger, and whose requests are counted (`atalaia_kafka_requests_total`). */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  const kafkaLogger = options.logger.child({ component: 'kafkajs' });
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...options.security,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 100, retries: 8 },
    logCreator: () => (entry: LogEntry) => {
      const { message, ...extra } = entry.log;
      // kafkajs logs each failed request at ERROR before retrying it (e.g. while a
      // group coordinator loads); only what escapes its retries is a real error.
      const level = entry.namespace === 'Connection' && entry.level === logLevel.ERROR ? 'warn' : pinoLevels[entry.level];
      kafkaLogger[level ?? 'info']({ namespace: entry.namespace, ...extra }, message);
    },
  });
  const counted = countKafkaRequests(kafka);
  clientSettings.set(counted, { ...defaultKafkaSettings, ...options.settings });
  return counted;
}

/**
 * An idempotent producer: the broker drops retried duplicates, and one request
 * in flight keeps per-partition order even across retries.
 */
export async function connectIdempotentProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  return producer;
}

/**
 * Creates missing topics, with the client's `topicPartitions` unless told,
 * and waits for their leaders. Existing topics are left as they are: adding
 * partitions to one moves keys to other partitions, which breaks per-key
 * order while both mappings are in flight, so it is an operator's decision.
 */
export async function ensureTopics(kafka: Kafka, topics: string[], partitions = kafkaSettingsOf(kafka).topicPartitions): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
      });
      await waitForLeaders(admin, missing);
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Waits until every partition of `topics` has a leader. kafkajs's own wait
 * gives up when a freshly started broker does not know a just-created topic
 * yet (UNKNOWN_TOPIC_OR_PARTITION); that is only the metadata catching up.
 */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      if (metadata.topics.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0))) return;
    } catch (error) {
      const type = (error as { type?: string }).type;
      if ((type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics without leaders after ${timeoutMs} ms: ${topics.join(', ')}`);
    await delay(100);
  }
}
