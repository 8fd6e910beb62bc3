// A new index is read into memory in slices: while a serving process opens the index another
// process has swapped in, or prepares the one its own build has just written, other requests are
// answered. Measured as the longest the event loop stood still meanwhile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteBackend } from '../../search/sqlite/backend';
import { seedCorpus } from '../helpers/corpus';
import { testTaxonomy } from '../helpers/backend';
import type { Chunk, DocMeta } from '../../core/types';

/** The seed corpus many times over, each copy a report of its own: an index that takes long to read. */
function largeCorpus(copies: number): { docs: DocMeta[]; chunks: Chunk[] } {
  const { docs, chunks } = seedCorpus();
  const out = { docs: [] as DocMeta[], chunks: [] as Chunk[] };
  for (let i = 0; i < copies; i++) {
    for (const d of docs) out.docs.push({ ...d, id: `${d.id}-${i}`, title: `${d.title}（${i}）` });
    for (const c of chunks) out.chunks.push({ ...c, id: `${c.id}-${i}`, docId: `${c.docId}-${i}` });
  }
  return out;
}

/** The longest the event loop stood still while `work` ran, in ms. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ stall: number; result: T }> {
  let last = performance.now();
  let stall = 0;
  let ticking = true;
  const tick = () => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  const result = await work();
  ticking = false;
  tick();
  return { stall, result };
}

/** Generous for a loaded machine, and far below what reading the whole index at once takes. */
const MAX_STALL_MS = 80;
const q = { q: '调解', filters: {}, page: 1, perPage: 5 };

describe('reading a new index in slices', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-slices-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const { docs, chunks } = largeCorpus(6);
  const taxonomy = testTaxonomy();

  it('opens an index another process swapped in without holding the event loop', async () => {
    const file = path.join(dir, 'index.sqlite');
    const reader = new SqliteBackend({ file, taxonomy });
    const writer = new SqliteBackend({ file, taxonomy });
    await writer.replaceAll(
      docs.slice(0, 1),
      chunks.filter((c) => c.docId === docs[0].id),
    );
    const before = (await reader.search(q)).total;
    await writer.replaceAll(docs, chunks);
    // The reader's next request opens the new index: it is answered from it.
    const { stall, result } = await longestStall(() => reader.search(q));
    expect(result.total).toBeGreaterThan(before);
    expect(stall).toBeLessThan(MAX_STALL_MS);
    await Promise.all([reader.close(), writer.close()]);
  }, 120_000);

  it('answers from the old index while its own build prepares the new one, then from the new one', async () => {
    const file = path.join(dir, 'index.sqlite');
    const backend = new SqliteBackend({ file, taxonomy });
    await backend.replaceAll(
      docs.slice(0, 1),
      chunks.filter((c) => c.docId === docs[0].id),
    );
    const before = (await backend.search(q)).total;
    // Readers while the build runs: every answer comes from a whole index, old or new.
    const answers: number[] = [];
    let building = true;
    const read = async () => {
      while (building) {
        answers.push((await backend.search(q)).total);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const reading = read();
    await backend.replaceAll(docs, chunks);
    building = false;
    await reading;
    const after = (await backend.search(q)).total;
    expect(after).toBeGreaterThan(before);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((n) => n === before || n === after)).toBe(true);
    // Once the build has returned, no request waits for the new index to be read.
    const { stall } = await longestStall(() => backend.search(q));
    expect(stall).toBeLessThan(MAX_STALL_MS);
    await backend.close();
  }, 120_000);
});
