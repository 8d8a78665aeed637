export * from './in-process-system';
