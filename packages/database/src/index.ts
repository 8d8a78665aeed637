export * from './migrations';
export * from './schema-drift';
export * from './sql-executor';
