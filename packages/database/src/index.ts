export * from './migrations';
export * from './schema-drift';
export * from './sql-executor';
export * from './retention-purge';
export * from './prisma-adapter';
export * from './transient-failures';
export * from './periodic-job';
