import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { AcceptTemplate } from './accept-template';
import type { LimitResult } from './accept-transaction-limit';

const BENCH_TOPIC = 'atalaia.bench.producer-limit';
/** Messages per send and sends in flight: batching as a fast relay would, acks from every in-sync replica. */
export const producerShape = { batchSize: 100, inFlight: 4, acks: -1 } as const;

/**
 * L2: a bare kafkajs producer sending copies of a real command message (its
 * outbox payload as the value, its headers) to a bench topic with as many
 * partitions as the command topic, on the system's broker.
 */
export async function measureProducerLimit(brokers: string[], template: AcceptTemplate, durationMs: number): Promise<LimitResult & { messageBytes: number }> {
  const kafka = new Kafka({ clientId: 'atalaia-bench-producer-limit', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [template.topic] });
    const numPartitions = metadata.topics[0]?.partitions.length ?? 1;
    await admin.createTopics({ topics: [{ topic: BENCH_TOPIC, numPartitions, replicationFactor: 1 }], waitForLeaders: true });
    await producer.connect();
    const value = Buffer.from(template.outboxPayload);
    const batch = () => Array.from({ length: producerShape.batchSize }, () => ({ key: randomUUID(), value, headers: template.outboxHeaders }));
    let sent = 0;
    const startedAt = performance.now();
    const endAt = startedAt + durationMs;
    await Promise.all(
      Array.from({ length: producerShape.inFlight }, async () => {
        while (performance.now() < endAt) {
          await producer.send({ topic: BENCH_TOPIC, acks: producerShape.acks, messages: batch() });
          sent += producerShape.batchSize;
        }
      }),
    );
    const elapsedMs = performance.now() - startedAt;
    return { operations: sent, elapsedMs, perSecond: (sent / elapsedMs) * 1_000, messageBytes: value.length };
  } finally {
    await producer.disconnect();
    await admin.deleteTopics({ topics: [BENCH_TOPIC] }).catch(() => undefined);
    await admin.disconnect();
  }
}
