export * from './kafka-client';
export * from './kafka-readiness';
export * from './message-consumer';
export * from './retryable-error';
export * from './dead-letters';
export * from './failure-policy';
export * from './dead-letter-redrive';
