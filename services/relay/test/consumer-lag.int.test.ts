import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import { createKafkaClient, ensureTopics, readConsumerLag } from '@atalaia/kafka';
import { createLogger } from '@atalaia/telemetry';
import { testKafkaBrokers, uniqueTopicNamespace, waitFor } from '@atalaia/testing';

const logger = createLogger('lag-test', 'silent');

describe('consumer lag from broker offsets', () => {
  let kafka: Kafka;
  let admin: Admin;
  let producer: Producer;
  let consumer: Consumer | undefined;
  let topic: string;
  let group: string;

  beforeEach(async () => {
    const namespace = uniqueTopicNamespace('lag');
    topic = `${namespace}.lag-topic`;
    group = `${namespace}.lag-group`;
    kafka = createKafkaClient({ clientId: 'lag-test', brokers: testKafkaBrokers(), logger });
    await ensureTopics(kafka, [topic], 2);
    admin = kafka.admin();
    await admin.connect();
    producer = kafka.producer();
    await producer.connect();
  });

  afterEach(async () => {
    await consumer?.disconnect();
    consumer = undefined;
    await producer.disconnect();
    await admin.disconnect();
  });

  const produce = (count: number) =>
    producer.send({ topic, messages: Array.from({ length: count }, (_, index) => ({ key: `key-${index}`, value: `message ${index}` })) });

  const totalLag = async () => (await readConsumerLag(admin, [{ group, topics: [topic] }])).reduce((sum, row) => sum + row.lag, 0);

  /** A real member of the group that reads from the beginning and commits what it handled, as Atalaia's consumers do. */
  async function startConsumer(): Promise<void> {
    consumer = kafka.consumer({ groupId: group, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ autoCommit: true, eachMessage: async () => undefined });
  }

  it('when the topic is empty, then the group has a zero-lag row per partition', async () => {
    expect(await readConsumerLag(admin, [{ group, topics: [topic] }])).toEqual([
      { group, topic, partition: 0, lag: 0 },
      { group, topic, partition: 1, lag: 0 },
    ]);
  });

  it('when messages arrive while the group is behind, then its lag rises by them; once it catches up, the lag is zero', async () => {
    await produce(6);
    expect(await totalLag()).toBe(6);

    await startConsumer();
    await waitFor(async () => (await totalLag()) === 0, { description: 'the group to catch up' });

    await consumer!.disconnect();
    consumer = undefined;
    await produce(4);
    expect(await totalLag()).toBe(4);

    await startConsumer();
    await waitFor(async () => (await totalLag()) === 0, { description: 'the group to catch up again' });
  });

  it('when a watched topic does not exist yet, then it has no rows rather than an error', async () => {
    expect(await readConsumerLag(admin, [{ group, topics: [`${topic}-missing`] }])).toEqual([]);
  });
});
