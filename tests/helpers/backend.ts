// The backend the tests run against: the embedded engine in a temporary file, or, when the live
// suite (npm run test:meili) sets SEARCH_BACKEND=meilisearch, a fresh index on that Meilisearch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import type { SearchBackend } from '../../core/types';
import { SqliteBackend } from '../../search/sqlite/backend';
import { Meilisearch } from 'meilisearch';
import { MeiliBackend } from '../../search/meilisearch/backend';
import { shardUrls } from '../../search/meilisearch/shards';
import { loadTaxonomy, type Taxonomy } from '../../core/taxonomy';
import { TAXONOMY_DIR } from './corpus';

let taxonomy: Taxonomy | null = null;
/** The corpus taxonomy, read once per test file. */
export function testTaxonomy(): Taxonomy {
  return (taxonomy ??= loadTaxonomy(TAXONOMY_DIR));
}

export interface LiveMeili {
  url: string;
  apiKey?: string;
}

/** The Meilisearch the live suite runs against, or null. */
export function liveMeili(): LiveMeili | null {
  const url = process.env.MEILI_URL;
  return url ? { url, apiKey: process.env.MEILI_API_KEY } : null;
}

/** True when this run tests Meilisearch rather than the embedded engine. */
export function testingMeili(): boolean {
  return process.env.SEARCH_BACKEND === 'meilisearch' && liveMeili() !== null;
}

export interface TestBackend {
  backend: SearchBackend;
  dispose: () => Promise<void>;
}

export function sqliteTestBackend(): TestBackend {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-test-'));
  const backend = new SqliteBackend({ file: path.join(dir, 'index.sqlite'), taxonomy: testTaxonomy() });
  return {
    backend,
    dispose: async () => {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A Meilisearch backend on a fresh, uniquely named index; dispose deletes it and its report index. */
export function meiliTestBackend(live: LiveMeili, name = 'test', extra: Partial<ConstructorParameters<typeof MeiliBackend>[0]> = {}): TestBackend {
  const index = `kb_${name}_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  const backend = new MeiliBackend({
    url: live.url,
    apiKey: live.apiKey,
    index,
    timeoutMs: 10_000,
    taskTimeoutMs: 600_000,
    taxonomy: testTaxonomy(),
    ...extra,
  });
  return {
    backend,
    // Waits for the deletions, so that the next test file starts on an idle server with none of this
    // file's indexes still open; at most 2 × (10 s + 15 s), inside Jest's 60 s limit for a hook.
    // MEILI_URL may name several shards: the indexes are deleted on each, all at once.
    dispose: async () => {
      await Promise.all(
        shardUrls(live.url).map(async (host) => {
          const client = new Meilisearch({ host, apiKey: live.apiKey, timeout: 10_000 });
          for (const uid of [index, `${index}_docs`]) {
            await client
              .deleteIndex(uid)
              .waitTask({ timeout: 15_000 })
              .catch((err: Error) => console.warn(`Could not delete the test index ${uid} on ${host}: ${err.message}`));
          }
        }),
      );
    },
  };
}

/** The backend this test run is about. */
export function testBackend(name = 'test'): TestBackend {
  const live = liveMeili();
  return testingMeili() && live ? meiliTestBackend(live, name) : sqliteTestBackend();
}
