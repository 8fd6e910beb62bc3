// Chooses the search backend named by the configuration.
import type { Config } from './config';
import type { SearchBackend } from './types';
import { ConfigError } from './config';
import { SqliteBackend, type SqliteOptions } from './sqlite/backend';
import { MeiliBackend } from './meilisearch/backend';
import { loadTaxonomy } from './taxonomy';

export interface BackendOptions {
  onProgress?: SqliteOptions['onProgress'];
}

export function createBackend(config: Config, opts: BackendOptions = {}): SearchBackend {
  const taxonomy = loadTaxonomy(config.taxonomyDir);
  if (config.backend === 'meilisearch') {
    if (!config.meili.url) throw new ConfigError('SEARCH_BACKEND=meilisearch needs MEILI_URL (for example http://127.0.0.1:7700).');
    return new MeiliBackend({
      url: config.meili.url,
      apiKey: config.meili.apiKey,
      index: config.meili.index,
      timeoutMs: config.meili.timeoutMs,
      taxonomy,
      onProgress: opts.onProgress,
    });
  }
  return new SqliteBackend({ file: config.indexFile, taxonomy, onProgress: opts.onProgress });
}
