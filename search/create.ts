// Chooses the search backend named by the configuration.
import type { SearchBackend } from '../core/types';
import { SqliteBackend, type SqliteOptions } from './sqlite/backend';
import { MeiliBackend } from './meilisearch/backend';
import { loadTaxonomy } from '../core/taxonomy';

/** Which backend to open, and where: the part of the configuration a backend needs. */
export interface BackendSettings {
  backend: 'sqlite' | 'meilisearch';
  indexFile: string;
  taxonomyDir: string;
  meili: { url?: string; apiKey?: string; index: string; timeoutMs: number; mode?: 'exact' | 'native' };
}

export interface BackendOptions {
  onProgress?: SqliteOptions['onProgress'];
}

export function createBackend(config: BackendSettings, opts: BackendOptions = {}): SearchBackend {
  const taxonomy = loadTaxonomy(config.taxonomyDir);
  if (config.backend === 'meilisearch') {
    if (!config.meili.url) throw new Error('SEARCH_BACKEND=meilisearch needs MEILI_URL (for example http://127.0.0.1:7700).');
    return new MeiliBackend({
      url: config.meili.url,
      apiKey: config.meili.apiKey,
      index: config.meili.index,
      timeoutMs: config.meili.timeoutMs,
      mode: config.meili.mode,
      taxonomy,
      onProgress: opts.onProgress,
    });
  }
  return new SqliteBackend({ file: config.indexFile, taxonomy, onProgress: opts.onProgress });
}
