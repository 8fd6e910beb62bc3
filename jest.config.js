/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // The meilisearch client ships ES modules only; compile it like our own code.
  transformIgnorePatterns: ['/node_modules/(?!meilisearch/)'],
  testTimeout: 60000,
};
