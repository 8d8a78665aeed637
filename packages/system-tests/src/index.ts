export * from './in-process-system';
export * from './gateway-client';
