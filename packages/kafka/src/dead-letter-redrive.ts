import { randomUUID } from 'node:crypto';
import type { IHeaders, Kafka } from 'kafkajs';
import { deadLetterHeaders, deadLetterTopic } from './dead-letters';

export interface StoredDeadLetter {
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

const headerText = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value.join(',') : String(value ?? '')]));

/** Reads a dead-letter topic from the start to its current end, without joining any real consumer group. */
export async function readDeadLetters(kafka: Kafka, sourceTopic: string): Promise<StoredDeadLetter[]> {
  const topic = deadLetterTopic(sourceTopic);
  const admin = kafka.admin();
  await admin.connect();
  // A dead-letter topic exists once its consumer has started; a topic nobody consumes has none, and no letters.
  const end = await admin
    .listTopics()
    .then(async (existing) => (existing.includes(topic) ? (await admin.fetchTopicOffsets(topic))[0] : undefined))
    .finally(() => admin.disconnect());
  const last = Number(end?.high ?? 0) - 1;
  if (last < 0) return [];
  const letters: StoredDeadLetter[] = [];
  const consumer = kafka.consumer({ groupId: `atalaia-dlq-reader-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ message }) => {
            letters.push({
              offset: message.offset,
              key: message.key?.toString('utf8') ?? null,
              value: message.value?.toString('utf8') ?? null,
              headers: headerText(message.headers),
            });
            if (Number(message.offset) >= last) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return letters;
}

/**
 * Publishes dead letters back to the topic they came from, with their original
 * key, value and headers (the dlq-* ones dropped, a `redriven-at` added). The
 * message id is unchanged, so consumers that already applied it skip it.
 */
export async function redriveDeadLetters(kafka: Kafka, sourceTopic: string, offsets: 'all' | string[]): Promise<number> {
  const letters = (await readDeadLetters(kafka, sourceTopic)).filter((letter) => offsets === 'all' || offsets.includes(letter.offset));
  if (letters.length === 0) return 0;
  const dlqNames = new Set<string>(Object.values(deadLetterHeaders));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({
      topic: sourceTopic,
      acks: -1,
      messages: letters.map((letter) => ({
        key: letter.key,
        value: letter.value,
        headers: {
          ...Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !dlqNames.has(name))),
          'redriven-at': new Date().toISOString(),
          'redriven-from-offset': letter.offset,
        },
      })),
    });
  } finally {
    await producer.disconnect();
  }
  return letters.length;
}
