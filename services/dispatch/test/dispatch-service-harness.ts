import type { Kafka } from 'kafkajs';
import type { Topics } from '@atalaia/contracts';
import { deadLetterTopic } from '@atalaia/kafka';
import { TEST_ACCESS_CONTEXT_SIGNING_KEY, testKafkaBrokers, waitFor } from '@atalaia/testing';
import { loadDispatchConfig, type DispatchConfig } from '../src/config';

/**
 * Creates the topics the dispatch service consumes (and their dead-letter
 * topics) before it starts, waiting for their leaders by polling: on a loaded
 * broker, kafkajs' own wait after creating a topic can fail at once with
 * "This server does not host this topic-partition".
 */
export async function createDispatchTopics(kafka: Kafka, topics: Topics): Promise<void> {
  const consumed = [topics.occurrenceEvents, topics.dispatchCommands, topics.unitCommands, topics.dispatchEvents];
  const wanted = [...consumed.map((topic) => ({ topic, numPartitions: 3 })), ...consumed.map((topic) => ({ topic: deadLetterTopic(topic), numPartitions: 1 }))];
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: wanted.map((topic) => ({ ...topic, replicationFactor: 1 })) });
    await waitFor(async () => {
      const metadata = await admin.fetchTopicMetadata({ topics: wanted.map((topic) => topic.topic) });
      return metadata.topics.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0));
    }, { description: 'topic leaders' });
  } finally {
    await admin.disconnect();
  }
}

/** The service's configuration for a test: an ephemeral port, the test broker, logs silent unless ATALAIA_TEST_LOG_LEVEL says otherwise. */
export function dispatchTestConfig(databaseUrl: string, topicNamespace: string, occurrenceViewGraceMs: number): DispatchConfig {
  return loadDispatchConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_TOPIC_NAMESPACE: topicNamespace,
    LOG_LEVEL: process.env.ATALAIA_TEST_LOG_LEVEL ?? 'silent',
    OCCURRENCE_VIEW_GRACE_MS: String(occurrenceViewGraceMs),
    ACCESS_CONTEXT_SIGNING_KEY: TEST_ACCESS_CONTEXT_SIGNING_KEY,
  });
}
