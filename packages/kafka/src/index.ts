export * from './kafka-client';
export * from './message-consumer';
