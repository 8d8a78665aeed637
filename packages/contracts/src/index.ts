export * from './audit';
export * from './canonical-json';
export * from './command-results';
export * from './envelope';
export * from './message-catalog';
export * from './occurrence';
export * from './topics';
export * from './message-factories';
