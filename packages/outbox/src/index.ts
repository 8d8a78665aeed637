export * from './outbox-relay';
export * from './outbox-writer';
export * from './state-change-messages';
export * from './outbox-metrics';
export { MESSAGE_REJECTED_CODE } from './set-aside';
export type { ProducerFactory, RelayCompression } from './relay-producer';
