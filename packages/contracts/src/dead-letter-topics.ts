/** Dead-letter topics sit beside their source: `<topic>.dlq`. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** What a consumer adds to a message it sets aside; the original key, value and headers are kept as they were. */
export const deadLetterHeaders = {
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  consumerGroup: 'dlq-consumer-group',
  errorCode: 'dlq-error-code',
  errorDetail: 'dlq-error-detail',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
} as const;
