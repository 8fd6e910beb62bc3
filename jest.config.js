/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // marked, the meilisearch client and node-fetch (which Citation.js requires) ship ES modules only;
  // compile them like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(meilisearch|marked|node-fetch|fetch-blob|data-uri-to-buffer|formdata-polyfill)/)'],
  testTimeout: 60000,
};
