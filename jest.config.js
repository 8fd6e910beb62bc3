/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // marked and the meilisearch client ship ES modules only; compile them like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(meilisearch|marked)/)'],
  testTimeout: 60000,
};
