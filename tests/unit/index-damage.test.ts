// A damaged embedded index: found when it is opened (its structure and its checksum), answered
// with 503 or from the last good index, never with 500; and a damaged index never displaces the
// last good one as the fallback.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { SqliteBackend } from '../../search/sqlite/backend';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { seedCorpus, TAXONOMY_DIR } from '../helpers/corpus';
import { testTaxonomy } from '../helpers/backend';

const all = { q: '', filters: {}, page: 1, perPage: 5 };
const { docs, chunks } = seedCorpus();
/** The first build of each test: fewer chunks, so that answers from it can be told apart. */
const FIRST = 10;

/** Bytes from a fixed sequence, so that a failure can be replayed. */
function noise(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function damage(file: string, at: number, seed: number): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.writeSync(fd, noise(4096, seed), 0, 4096, at);
  } finally {
    fs.closeSync(fd);
  }
}

describe('a damaged embedded index', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-damage-'));
    file = path.join(dir, 'index.sqlite');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps the last good index as the fallback when a damaged one is rebuilt, through a second damage', async () => {
    const writer = new SqliteBackend({ file });
    await writer.replaceAll(docs, chunks.slice(0, FIRST));
    await writer.replaceAll(docs, chunks);
    const reader = new SqliteBackend({ file });
    fs.writeFileSync(file, 'this is not an index'.repeat(1000));
    expect((await reader.search(all)).total).toBe(FIRST);
    // The rebuild after the damage: the damaged file must not become the fallback.
    await writer.replaceAll(docs, chunks);
    expect((await reader.search(all)).total).toBe(chunks.length);
    fs.writeFileSync(file, 'this is not an index'.repeat(1000));
    expect((await reader.search(all)).total).toBe(FIRST);
    expect((await reader.health()).message).toMatch(/^Serving the previous index\. The index cannot be read/);
    await Promise.all([writer.close(), reader.close()]);
  });

  it('finds random bytes written anywhere into the index, and answers 503 or from the previous index, never 500', async () => {
    const writer = new SqliteBackend({ file });
    await writer.replaceAll(docs, chunks.slice(0, FIRST));
    await writer.replaceAll(docs, chunks);
    await writer.close();
    const size = fs.statSync(file).size;
    const pristine = path.join(dir, 'pristine');
    fs.copyFileSync(file, pristine);
    const paths = ['/healthz', '/api/search?q=%E8%B0%83%E8%A7%A3', '/?q=%E8%B0%83%E8%A7%A3', '/api/docs', '/docs'];
    const missed: string[] = [];
    for (let i = 0; i < 12; i++) {
      const at = Math.floor(((i + 0.5) / 12) * (size - 4096));
      fs.copyFileSync(pristine, file);
      damage(file, at, i + 1);
      const backend = new SqliteBackend({ file, taxonomy: testTaxonomy() });
      const app = createApp(backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent' });
      const health = await request(app).get('/healthz');
      if (health.status === 200 && !/^Serving the previous index/.test(health.body.message ?? '')) missed.push(`byte ${at}: /healthz says ok`);
      for (const p of paths.slice(1)) {
        const res = await request(app).get(p);
        if (res.status !== 200 && res.status !== 503) missed.push(`byte ${at}: ${p} answers ${res.status}`);
      }
      const served = await request(app).get('/api/search');
      if (served.status === 200 && served.body.total !== FIRST) missed.push(`byte ${at}: searches the damaged index`);
      await backend.close();
    }
    expect(missed).toEqual([]);
  });

  it('answers 503 when no previous index is there to serve', async () => {
    const writer = new SqliteBackend({ file });
    await writer.replaceAll(docs, chunks);
    await writer.close();
    damage(file, Math.floor(fs.statSync(file).size / 2), 7);
    const backend = new SqliteBackend({ file, taxonomy: testTaxonomy() });
    const app = createApp(backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent' });
    await request(app).get('/healthz').expect(503);
    await request(app).get('/?q=%E8%B0%83%E8%A7%A3').expect(503);
    await request(app).get('/api/search?q=%E8%B0%83%E8%A7%A3').expect(503);
    expect((await backend.stats()).chunks).toBe(0);
    await backend.close();
  });
});
