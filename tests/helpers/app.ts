// A real app over a real embedded index of the seed corpus plus one hostile report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { SqliteBackend } from '../../search/sqlite/backend';
import { loadCorpus } from '../../indexer/corpus';
import { FIXTURES_DIR, ROOT, TAXONOMY_DIR, seedCorpus, testRules } from './corpus';

export interface TestApp {
  app: Express;
  backend: SqliteBackend;
  close: () => Promise<void>;
}

export async function startTestApp(): Promise<TestApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-app-'));
  const backend = new SqliteBackend({ file: path.join(dir, 'index.sqlite') });
  const seed = seedCorpus();
  const hostile = loadCorpus([path.join(FIXTURES_DIR, 'hostile-markup.md')], testRules(), ROOT);
  await backend.replaceAll([...seed.docs, ...hostile.docs], [...seed.chunks, ...hostile.chunks]);
  const app = createApp(backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent' });
  return {
    app,
    backend,
    close: async () => {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
