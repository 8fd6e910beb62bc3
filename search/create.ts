// Chooses the search backend named by the configuration.
import path from 'node:path';
import type { Config } from './config';
import type { SearchBackend } from './types';
import { ConfigError } from './config';
import { SqliteBackend, type SqliteOptions } from './sqlite/backend';
import { MeiliBackend } from './meilisearch/backend';
import { useUserDictionary } from './segment';
import { loadRules } from '../indexer/rules';

export interface BackendOptions {
  onProgress?: SqliteOptions['onProgress'];
}

export function createBackend(config: Config, opts: BackendOptions = {}): SearchBackend {
  const dictionaryPath = path.join(config.taxonomyDir, 'dictionary.txt');
  // Queries are segmented with the same dictionary as the index.
  useUserDictionary(dictionaryPath);
  if (config.backend === 'meilisearch') {
    if (!config.meili.url) throw new ConfigError('SEARCH_BACKEND=meilisearch needs MEILI_URL (for example http://127.0.0.1:7700).');
    const rules = loadRules(config.taxonomyDir);
    return new MeiliBackend({
      url: config.meili.url,
      apiKey: config.meili.apiKey,
      index: config.meili.index,
      timeoutMs: config.meili.timeoutMs,
      settings: { dictionary: rules.dictionaryWords, aliases: rules.practices.aliases },
      onProgress: opts.onProgress,
    });
  }
  return new SqliteBackend({ file: config.indexFile, onProgress: opts.onProgress });
}
