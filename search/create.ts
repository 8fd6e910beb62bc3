// Chooses the search backend named by the configuration.
import type { Config } from './config';
import type { SearchBackend } from './types';
import { SqliteBackend, type SqliteOptions } from './sqlite/backend';
import { ConfigError } from './config';
import { useUserDictionary } from './segment';
import path from 'node:path';

export function createBackend(config: Config, opts: Partial<SqliteOptions> = {}): SearchBackend {
  // Queries are segmented with the same dictionary as the index.
  useUserDictionary(path.join(config.taxonomyDir, 'dictionary.txt'));
  if (config.backend === 'meilisearch') throw new ConfigError('SEARCH_BACKEND=meilisearch is not available in this build.');
  return new SqliteBackend({ file: config.indexFile, ...opts });
}
