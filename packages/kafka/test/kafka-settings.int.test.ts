import { createLogger } from '@atalaia/telemetry';
import { testKafkaBrokers, uniqueTopicNamespace } from '@atalaia/testing';
import { createKafkaClient, defaultKafkaSettings, ensureTopics, kafkaSettingsOf } from '../src';

const logger = createLogger('test', 'silent');

describe('partitions and consumer concurrency are configuration', () => {
  const partitionsOf = async (kafka: ReturnType<typeof createKafkaClient>, topic: string) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length;
    } finally {
      await admin.disconnect();
    }
  };

  it('when a client is made without settings, then its topics get 12 partitions and its consumers handle 3 at once', async () => {
    const kafka = createKafkaClient({ clientId: 'settings-test', brokers: testKafkaBrokers(), logger });
    const topic = `${uniqueTopicNamespace('partitions')}.default`;
    await ensureTopics(kafka, [topic]);
    expect(await partitionsOf(kafka, topic)).toBe(12);
    expect(kafkaSettingsOf(kafka)).toEqual(defaultKafkaSettings);
  });

  it('when KAFKA_TOPIC_PARTITIONS and KAFKA_CONSUMER_CONCURRENCY are set, then new topics get that many partitions, and an existing topic keeps its own', async () => {
    const kafka = createKafkaClient({ clientId: 'settings-test', brokers: testKafkaBrokers(), logger, settings: { topicPartitions: 5, consumerConcurrency: 2 } });
    const topic = `${uniqueTopicNamespace('partitions')}.configured`;
    await ensureTopics(kafka, [topic]);
    expect(await partitionsOf(kafka, topic)).toBe(5);
    expect(kafkaSettingsOf(kafka).consumerConcurrency).toBe(2);

    await ensureTopics(createKafkaClient({ clientId: 'other', brokers: testKafkaBrokers(), logger, settings: { topicPartitions: 8 } }), [topic]);
    expect(await partitionsOf(kafka, topic)).toBe(5);
  });
});
