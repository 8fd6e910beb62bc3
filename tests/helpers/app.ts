// A real app over a real index (the backend under test) of the seed corpus plus one hostile report.
import path from 'node:path';
import type { Express } from 'express';
import type { SearchBackend } from '../../core/types';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { loadCorpus } from '../../indexer/corpus';
import { FIXTURES_DIR, ROOT, TAXONOMY_DIR, seedCorpus, testRules } from './corpus';
import { testBackend } from './backend';

export interface TestApp {
  app: Express;
  backend: SearchBackend;
  close: () => Promise<void>;
}

/** The web application over the backend under test, loaded with the seed corpus and a hostile report. */
export async function startTestApp(): Promise<TestApp> {
  const { backend, dispose } = testBackend('app');
  const seed = seedCorpus();
  const hostile = loadCorpus([path.join(FIXTURES_DIR, 'hostile-markup.md')], testRules(), ROOT);
  await backend.replaceAll([...seed.docs, ...hostile.docs], [...seed.chunks, ...hostile.chunks]);
  const app = createApp(backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent' });
  return {
    app,
    backend,
    close: dispose,
  };
}
