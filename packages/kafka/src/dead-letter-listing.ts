import type { Admin } from 'kafkajs';
import type { StoredDeadLetter } from './dead-letter-redrive';
import { deadLetterHeaders, deadLetterTopic } from './dead-letters';

/** A dead letter as operators read it: where it failed, why, after how many attempts, and which message it is. */
export interface DeadLetterSummary {
  topic: string;
  offset: string;
  failedAt: string | null;
  code: string | null;
  detail: string | null;
  attempts: number | null;
  originalTopic: string | null;
  originalPartition: number | null;
  originalOffset: string | null;
  consumerGroup: string | null;
  messageType: string | null;
  messageId: string | null;
}

const numberOrNull = (value: string | undefined) => (value === undefined || value === '' || Number.isNaN(Number(value)) ? null : Number(value));

/** Reads the dlq-* headers of a letter of `dlqTopic`; a header a letter lacks is null. */
export function summarizeDeadLetter(dlqTopic: string, letter: StoredDeadLetter): DeadLetterSummary {
  const header = (name: string) => letter.headers[name] ?? null;
  return {
    topic: dlqTopic,
    offset: letter.offset,
    failedAt: header(deadLetterHeaders.failedAt),
    code: header(deadLetterHeaders.errorCode),
    detail: header(deadLetterHeaders.errorDetail),
    attempts: numberOrNull(letter.headers[deadLetterHeaders.attempts]),
    originalTopic: header(deadLetterHeaders.originalTopic),
    originalPartition: numberOrNull(letter.headers[deadLetterHeaders.originalPartition]),
    originalOffset: header(deadLetterHeaders.originalOffset),
    consumerGroup: header(deadLetterHeaders.consumerGroup),
    messageType: header('message-type'),
    messageId: header('message-id'),
  };
}

/**
 * How many letters each source topic's `<topic>.dlq` holds, from its offsets
 * alone (nothing is read). Letters stay after a re-drive, so this counts every
 * letter still retained; a dead-letter topic not created yet holds none.
 */
export async function countDeadLetters(admin: Admin, sourceTopics: string[]): Promise<Array<{ topic: string; count: number }>> {
  const existing = new Set(await admin.listTopics());
  return Promise.all(
    sourceTopics.map(async (source) => {
      const topic = deadLetterTopic(source);
      if (!existing.has(topic)) return { topic, count: 0 };
      const partitions = await admin.fetchTopicOffsets(topic);
      return { topic, count: partitions.reduce((sum, { low, high }) => sum + Math.max(0, Number(high) - Number(low)), 0) };
    }),
  );
}
