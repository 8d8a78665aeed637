export * from './idempotent-consumer';
export * from './dead-lettered-command';
