export * from './logger';
export * from './log-redaction';
export * from './tracing';
export * from './metrics';
export * from './span-conventions';
