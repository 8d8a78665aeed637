export * from './problem';
export * from './problem-handling';
export * from './request-tracing';
export * from './health-routes';
export * from './cached-check';
export * from './service-app';
export * from './json-body-parser';
export * from './agency-access';
