export * from './migrations';
export * from './schema-drift';
export * from './sql-executor';
export * from './retention-purge';
