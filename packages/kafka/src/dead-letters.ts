import type { IHeaders, KafkaMessage, Producer } from 'kafkajs';
import { deadLetterHeaders, deadLetterTopic } from '@atalaia/contracts';

// Part of the published contract (the AsyncAPI document lists the `.dlq` channels and their headers).
export { deadLetterHeaders, deadLetterTopic };

export interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  consumerGroup: string;
  code: string;
  detail: string;
  attempts: number;
  /** The message as JSON when it parses at all (a poison message may still name its command). */
  json: Record<string, unknown> | null;
}

function parseLoosely(value: Buffer | null): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(value?.toString('utf8') ?? '');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Moves a message that cannot be processed to its dead-letter topic: the
 * original key, value and headers, plus why, where from and after how many
 * attempts. The consumer then moves on; the re-drive tool can bring it back.
 */
export async function sendToDeadLetterTopic(
  producer: Producer,
  message: KafkaMessage,
  failure: Omit<DeadLetter, 'json'>,
): Promise<DeadLetter> {
  const headers: IHeaders = {
    ...message.headers,
    [deadLetterHeaders.originalTopic]: failure.topic,
    [deadLetterHeaders.originalPartition]: String(failure.partition),
    [deadLetterHeaders.originalOffset]: failure.offset,
    [deadLetterHeaders.consumerGroup]: failure.consumerGroup,
    [deadLetterHeaders.errorCode]: failure.code,
    [deadLetterHeaders.errorDetail]: failure.detail.slice(0, 2000),
    [deadLetterHeaders.attempts]: String(failure.attempts),
    [deadLetterHeaders.failedAt]: new Date().toISOString(),
  };
  await producer.send({
    topic: deadLetterTopic(failure.topic),
    acks: -1,
    messages: [{ key: message.key, value: message.value, headers }],
  });
  return { ...failure, json: parseLoosely(message.value) };
}
