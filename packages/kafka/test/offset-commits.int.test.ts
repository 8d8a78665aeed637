import { randomUUID } from 'node:crypto';
import { createEnvelope, occurrenceIdFor } from '@atalaia/contracts';
import { createLogger, metricsRegistry } from '@atalaia/telemetry';
import { testKafkaBrokers, uniqueTopicNamespace, waitFor } from '@atalaia/testing';
import { connectIdempotentProducer, createKafkaClient, ensureTopics, MessageConsumer } from '../src';

const logger = createLogger('offset-commits-test', 'silent');

/** OffsetCommit requests this process has sent so far (atalaia_kafka_requests_total). */
async function offsetCommits(): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric('atalaia_kafka_requests_total')!.get();
  return metric.values.filter((value) => value.labels.api === 'OffsetCommit').reduce((sum, value) => sum + value.value, 0);
}

const intake = (n: number) =>
  createEnvelope({
    type: 'occurrence.create_or_update',
    source: 'test',
    aggregateType: 'occurrence',
    subject: occurrenceIdFor('agency', `EXT-${n}`),
    data: { externalId: `EXT-${n}`, type: 'resgate', description: 'x', reportedAt: '2026-02-01T14:32:00Z' },
  });

/**
 * kafkajs with `eachBatch` and autoCommit commits after every fetched batch;
 * the consumer commits by interval or threshold instead, and an idle consumer
 * still commits what it handled last.
 */
describe('message consumer offset commits', () => {
  it('when 20 messages arrive one at a time, each its own batch, then none of the twenty batches commits on its own, and stopping commits them all at once', async () => {
    const kafka = createKafkaClient({ clientId: 'offset-commits-test', brokers: testKafkaBrokers(), logger });
    const topic = `${uniqueTopicNamespace('commits')}.commands`;
    await ensureTopics(kafka, [topic], 1);
    const producer = await connectIdempotentProducer(kafka);
    const handled: string[] = [];
    const groupId = `commits-${randomUUID()}`;
    const consumer = new MessageConsumer({ kafka, groupId, topics: [topic], logger, commitIntervalMs: 10_000, handle: async ({ message }) => void handled.push(message.id) });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await consumer.start();
      const before = await offsetCommits();
      for (let n = 0; n < 20; n += 1) {
        await producer.send({ topic, messages: [{ value: JSON.stringify(intake(n)) }] });
        await waitFor(async () => handled.length === n + 1, { description: `message ${n} handled` });
      }
      // Twenty batches, and not one commit: the interval (10 s here) has not passed and the threshold (1000) is far.
      expect(await offsetCommits()).toBe(before);

      // Stopping commits what was handled, so the next member starts after it.
      await consumer.stop();
      expect(await offsetCommits()).toBe(before + 1);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(committed!.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '20' })]);
    } finally {
      await consumer.stop();
      await producer.disconnect();
      await admin.disconnect();
    }
  });

  it('when a consumer goes idle after handling messages, then its timer commits them within the interval', async () => {
    const kafka = createKafkaClient({ clientId: 'offset-commits-idle-test', brokers: testKafkaBrokers(), logger });
    const topic = `${uniqueTopicNamespace('commits-idle')}.commands`;
    await ensureTopics(kafka, [topic], 1);
    const producer = await connectIdempotentProducer(kafka);
    const groupId = `commits-idle-${randomUUID()}`;
    let handled = 0;
    const consumer = new MessageConsumer({ kafka, groupId, topics: [topic], logger, commitIntervalMs: 300, handle: async () => void (handled += 1) });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await consumer.start();
      await producer.send({ topic, messages: [0, 1, 2].map((n) => ({ value: JSON.stringify(intake(n)) })) });
      await waitFor(async () => handled === 3, { description: 'three messages handled' });

      const committed = await waitFor(async () => {
        const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return offsets!.partitions[0]!.offset === '3' && offsets;
      }, { description: 'the handled offsets committed while idle' });
      expect(committed.partitions).toHaveLength(1);
    } finally {
      await consumer.stop();
      await producer.disconnect();
      await admin.disconnect();
    }
  });
});
