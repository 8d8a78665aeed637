export * from './migrations';
export * from './schema-drift';
export * from './sql-executor';
export * from './retention-purge';
export * from './postgres-pool';
export * from './pg-transactions';
export * from './transient-failures';
export * from './periodic-job';
