/**
 * Three projects: `unit` (pure domain rules next to the code, no I/O), `integration` (the whole system
 * started as processes against real PostgreSQL and Redis, exercised through the gateway like a client app)
 * and `deployment` (the compose file, the compiled images' entry points and the Kubernetes manifests, each
 * test starting what it needs itself, so the shared system of `integration` is not started for them).
 */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] };
// jose (under jwks-rsa) ships ESM only; Node loads it natively, Jest's module system needs it compiled.
const transformIgnorePatterns = ['/node_modules/(?!jose/)'];

module.exports = {
  // Jest's order, or a shuffled one with TEST_ORDER_SEED=<n> (tests/support/order-sequencer.js).
  testSequencer: '<rootDir>/tests/support/order-sequencer.js',
  // Integration tests talk to real processes; on a loaded 2-core machine a CLI start alone can take seconds.
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      transform,
      transformIgnorePatterns,
      testEnvironment: '<rootDir>/tests/support/environment.js',
      testMatch: [
        '<rootDir>/packages/*/src/**/*.test.ts',
        '<rootDir>/subgraphs/*/src/**/*.test.ts',
        '<rootDir>/gateway/src/**/*.test.ts',
        '<rootDir>/bench/**/*.test.ts',
      ],
    },
    {
      displayName: 'integration',
      transform,
      transformIgnorePatterns,
      // Prisma's generated client imports its own files with `.js` extensions; the sources are `.ts`.
      moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
      testEnvironment: '<rootDir>/tests/support/environment.js',
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/deployment/'],
      globalSetup: '<rootDir>/tests/support/global-setup.ts',
      globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
    },
    {
      displayName: 'deployment',
      transform,
      transformIgnorePatterns,
      testEnvironment: '<rootDir>/tests/support/environment.js',
      testMatch: ['<rootDir>/tests/deployment/**/*.test.ts'],
    },
  ],
};
