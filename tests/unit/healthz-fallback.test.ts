// /healthz counts what readers are served: while the previous index answers in place of a damaged
// one, its chunks and reports, not the zero of the damaged file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { SqliteBackend } from '../../search/sqlite/backend';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { seedCorpus, TAXONOMY_DIR } from '../helpers/corpus';
import { testTaxonomy } from '../helpers/backend';

it('reports the serving index’s counts while the previous index stands in', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-healthz-'));
  const file = path.join(dir, 'index.sqlite');
  const { docs, chunks } = seedCorpus();
  try {
    const writer = new SqliteBackend({ file, taxonomy: testTaxonomy() });
    await writer.replaceAll(docs, chunks.slice(0, 10));
    await writer.replaceAll(docs, chunks);
    await writer.close();
    fs.writeFileSync(file, 'this is not an index'.repeat(1000));
    const backend = new SqliteBackend({ file, taxonomy: testTaxonomy() });
    const app = createApp(backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent' });
    const res = await request(app).get('/healthz').expect(200);
    expect(res.body.message).toMatch(/previous index/);
    expect(res.body.chunks).toBe(10);
    expect(res.body.docs).toBeGreaterThan(0);
    await backend.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
