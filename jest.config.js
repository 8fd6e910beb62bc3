/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$|\\.mjs$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // marked, the meilisearch client, d3-geo (with d3-array), node-fetch (which Citation.js requires) and the HTML parsers
  // linkedom builds on ship ES modules only; compile them like our own code.
  transformIgnorePatterns: [
    '/node_modules/(?!(meilisearch|marked|d3-geo|d3-array|internmap|node-fetch|fetch-blob|data-uri-to-buffer|formdata-polyfill|linkedom|css-select|boolbase|css-what|domhandler|domelementtype|domutils|dom-serializer|entities|nth-check|cssomnom|html-escaper|htmlparser2|uhyphen)/)',
  ],
  testTimeout: 60000,
};
