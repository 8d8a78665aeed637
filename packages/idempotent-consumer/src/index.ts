export * from './idempotent-consumer';
