export * from './in-process-system';
export * from './gateway-client';
export * from './hostile-requests';
export * from './load-generator';
export * from './process-system';
export * from './chaos-support';
export * from './lifecycle-load';
export * from './pipeline-timings';
