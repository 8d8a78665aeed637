export * from './test-infrastructure';
export * from './wait-for';
export * from './prometheus-text';
export * from './debian-package';
export * from './oidc-test-provider';
export * from './access-context';
