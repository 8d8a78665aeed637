export * from './kafka-client';
export * from './message-consumer';
export * from './retryable-error';
