import path from 'node:path';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import { consumerGroupId, topicNames, type Topics } from '@atalaia/contracts';
import { atalaiaConsumerGroups, createKafkaClient } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import { createTestDatabase, sampleLabelSets, sampleValue, testKafkaBrokers, uniqueTopicNamespace, waitFor, type TestDatabase } from '@atalaia/testing';
import { loadRelayConfig, startRelay, type RunningRelay } from '../src';

const migrations = path.resolve(__dirname, '../../gateway/prisma/migrations');
const logger = createLogger('lag-metrics-test', 'silent');
const LAG = 'atalaia_consumer_lag_messages';

/** The relay's `/metrics` over HTTP, as Prometheus scrapes it, while a real group of the installation stops and resumes. */
describe('consumer lag metric', () => {
  let database: TestDatabase;
  let relay: RunningRelay;
  let kafka: Kafka;
  let producer: Producer;
  let consumer: Consumer | undefined;
  let namespace: string;
  let topics: Topics;
  let group: string;

  beforeAll(async () => {
    database = await createTestDatabase('lag_metrics', migrations);
    namespace = uniqueTopicNamespace('lagmetric');
    topics = topicNames(namespace);
    group = consumerGroupId(namespace, 'occurrence.commands');
    relay = await startRelay(
      loadRelayConfig({
        HOST: '127.0.0.1',
        PORT: '0',
        OUTBOX_SOURCES: `gateway=${database.url}`,
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_NAMESPACE: namespace,
        LOG_LEVEL: 'silent',
      }),
    );
    kafka = createKafkaClient({ clientId: 'lag-metrics-test', brokers: testKafkaBrokers(), logger });
    producer = kafka.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await producer.disconnect();
    await relay.stop();
    await database.drop();
  });

  const scrape = async () => (await fetch(`${relay.url}/metrics`)).text();
  const groupLag = async () => sampleValue(await scrape(), LAG, { group, topic: topics.occurrenceCommands });
  const produce = (count: number) =>
    producer.send({ topic: topics.occurrenceCommands, messages: Array.from({ length: count }, (_, index) => ({ key: `key-${index}`, value: `command ${index}` })) });

  /** A member of the occurrence service's group that commits what it reads, as the service does. */
  async function startGroup(): Promise<void> {
    consumer = kafka.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topics.occurrenceCommands], fromBeginning: true });
    await consumer.run({ autoCommit: true, eachMessage: async () => undefined });
  }

  async function stopGroup(): Promise<void> {
    await consumer?.disconnect();
    consumer = undefined;
  }

  it("when the group is stopped, then its lag rises by what arrives; when it resumes, then the lag falls back to 0", async () => {
    await produce(3);
    await startGroup();
    await waitFor(async () => (await groupLag()) === 0 || undefined, { description: 'the group caught up' });

    await stopGroup();
    await produce(5);
    await waitFor(async () => (await groupLag()) === 5 || undefined, { description: 'the lag of the stopped group at 5' });

    await startGroup();
    await waitFor(async () => (await groupLag()) === 0 || undefined, { description: 'the resumed group back to 0' });
  });

  it("when scraped, then the lag series are the installation's own groups on their topics' partitions only", async () => {
    const known = new Map(atalaiaConsumerGroups(namespace, topics).map(({ group: id, topics: read }) => [id, read]));

    const series = await waitFor(async () => {
      const found = sampleLabelSets(await scrape(), LAG).filter((labels) => labels.group?.startsWith(namespace));
      return found.length > 0 && found;
    }, { description: 'lag series of this installation' });

    for (const labels of series) {
      expect(known.get(labels.group!)).toContain(labels.topic);
      expect(labels.partition).toMatch(/^\d+$/);
    }
    expect(new Set(series.map((labels) => labels.group))).toEqual(new Set(known.keys()));
  });
});
