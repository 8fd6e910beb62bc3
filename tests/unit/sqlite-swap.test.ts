import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteBackend } from '../../search/sqlite/backend';
import { IndexBuildError, SearchUnavailableError } from '../../search/errors';
import { seedCorpus } from '../helpers/corpus';
import type { Chunk } from '../../core/types';

const q = { q: '', filters: {}, page: 1, perPage: 5 };

describe('replacing the embedded index', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-swap-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('says clearly that there is no index yet', async () => {
    const b = new SqliteBackend({ file: path.join(dir, 'index.sqlite') });
    await expect(b.search(q)).rejects.toBeInstanceOf(SearchUnavailableError);
    expect((await b.health()).ok).toBe(false);
  });

  it('lets readers see the old index while a new one is built, and the new one right after', async () => {
    const file = path.join(dir, 'index.sqlite');
    const { docs, chunks } = seedCorpus();
    const reader = new SqliteBackend({ file });
    const first = docs.slice(0, 1);
    await new SqliteBackend({ file }).replaceAll(
      first,
      chunks.filter((c) => c.docId === first[0].id),
    );
    const before = (await reader.search(q)).total;
    const during: Promise<{ total: number }>[] = [];
    const writer = new SqliteBackend({
      file,
      // Search from the reader in the middle of the build.
      onProgress: (done, total) => void (done < total && during.push(reader.search(q))),
    });
    await writer.replaceAll(docs, chunks);
    expect(during.length).toBeGreaterThan(0);
    for (const r of await Promise.all(during)) expect(r.total).toBe(before);
    expect((await reader.search(q)).total).toBe(chunks.length);
    expect(fs.readdirSync(dir).sort()).toEqual(['index.sqlite', 'index.sqlite.previous']);
    await Promise.all([reader.close(), writer.close()]);
  });

  it('keeps serving the old index when a re-index fails', async () => {
    const file = path.join(dir, 'index.sqlite');
    const { docs, chunks } = seedCorpus();
    const b = new SqliteBackend({ file });
    await b.replaceAll(docs, chunks);
    const duplicate = [...chunks, { ...chunks[0] } as Chunk];
    await expect(b.replaceAll(docs, duplicate)).rejects.toBeInstanceOf(IndexBuildError);
    expect((await b.search(q)).total).toBe(chunks.length);
    expect(fs.readdirSync(dir)).toEqual(['index.sqlite']);
    await b.close();
  });
});
