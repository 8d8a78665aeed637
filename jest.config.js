/**
 * One Jest run covers the whole monorepo. The test kind is in the file name:
 * `*.unit.test.ts` need nothing; `*.int.test.ts` and `*.e2e.test.ts` share one
 * real PostgreSQL and one real Kafka broker, started once per run by the
 * integration project's global setup and isolated per test by database and
 * topic names.
 */
const transform = { '^.+\\.[cm]?[jt]sx?$': ['@swc/jest'] };
// Jest on Node 20 cannot require() ES modules; the few ESM-only dependencies
// (cookie, used by Fastify's inject; content-disposition, used by @fastify/static
// under Swagger UI) are compiled to CommonJS like our code, and so is
// @fastify/cookie, whose `import('cookie')` Jest cannot run without VM modules,
// and openid-client with its jose and oauth4webapi (Node itself require()s them).
const esmOnly = ['cookie', 'content-disposition', '@fastify/cookie', 'openid-client', 'oauth4webapi', 'jose'];
const transformIgnorePatterns = [
  `/node_modules/(?!\\.pnpm/(?:${esmOnly.map((name) => name.replace('/', '\\+')).join('|')})@|(?:${esmOnly.join('|')})/)`,
];
const roots = ['<rootDir>/packages', '<rootDir>/services', '<rootDir>/deploy'];
// The console's React components (.tsx) use the automatic JSX runtime, as Vite builds them.
const tsxTransform = { '^.+\\.tsx$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } } } }] };

module.exports = {
  // Integration hooks start and stop real consumers; a Kafka group leave alone can take seconds.
  testTimeout: 120000,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { ...tsxTransform, ...transform },
      transformIgnorePatterns,
      roots,
      testMatch: ['**/test/**/*.unit.test.ts', '**/test/**/*.unit.test.tsx'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      roots,
      testMatch: ['**/test/**/*.int.test.ts', '**/test/**/*.e2e.test.ts'],
      globalSetup: '<rootDir>/packages/testing/src/global-setup.ts',
      globalTeardown: '<rootDir>/packages/testing/src/global-teardown.ts',
    },
  ],
};
