/**
 * Thrown by a handler when a message cannot be applied *yet* (a dependency is
 * down, a read model lags): the consumer does not commit its offset, and Kafka
 * redelivers it after a backoff.
 */
export class RetryableMessageError extends Error {
  override readonly name = 'RetryableMessageError';
}
