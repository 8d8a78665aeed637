export * from './problem';
export * from './problem-handling';
export * from './request-tracing';
