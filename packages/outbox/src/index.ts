export * from './outbox-relay';
export * from './outbox-writer';
export * from './state-change-messages';
export * from './outbox-metrics';
