// One Jest configuration, three projects: `unit` (*.spec.ts, no broker), `int` (*.int-spec.ts, a real
// Kafka started by the global setup) and `e2e` (test/*.e2e-spec.ts, built code and real processes).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^@bosun/([a-z-]+)(/.*)?$': '<rootDir>/libs/$1/src$2' },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.venv-test/'],
};
module.exports = {
  // A failed test can leave a socket or a child open; Jest would then wait for it forever after the
  // run (and CI past its time limit) instead of reporting the failure.
  forceExit: true,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/kafka.global-setup.ts',
      globalTeardown: '<rootDir>/test/support/kafka.global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/kafka.global-setup.ts',
      globalTeardown: '<rootDir>/test/support/kafka.global-teardown.ts',
    },
  ],
};
