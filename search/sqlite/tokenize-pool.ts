// Tokenizing is half the cost of indexing; worker threads do it while the main thread inserts.
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { userDictionary } from '../segment';
import { ftsRow, type IndexedFields } from './match';

const BATCH = 500;

// Workers load the TypeScript module through tsx, so they run the same code in every context.
const BOOT = `require('tsx/cjs/api').register(); require(${JSON.stringify(path.join(__dirname, 'tokenize-worker.ts'))});`;

/**
 * Yields the FTS rows of `fields` in order, batch by batch. Small inputs are tokenized in this
 * thread; larger ones by `threads` workers, so that the caller's inserts overlap the work.
 */
export async function* tokenizeRows(
  fields: IndexedFields[],
  threads = Math.max(1, os.availableParallelism() - 1),
  parallelAbove = 4000,
): AsyncGenerator<string[][]> {
  if (fields.length <= parallelAbove || threads < 1) {
    for (let i = 0; i < fields.length; i += BATCH) yield fields.slice(i, i + BATCH).map(ftsRow);
    return;
  }
  const workers = Array.from({ length: threads }, () => new Worker(BOOT, { eval: true, workerData: { dictionary: userDictionary() } }));
  const batches = Math.ceil(fields.length / BATCH);
  const results = new Map<number, string[][]>();
  const waiting = new Map<number, () => void>();
  let failure: Error | null = null;
  const fail = (err: Error) => {
    failure ??= err;
    for (const wake of waiting.values()) wake();
  };
  let next = 0;
  const dispatch = (w: Worker) => {
    if (next >= batches) return;
    const id = next++;
    w.postMessage({ id, rows: fields.slice(id * BATCH, (id + 1) * BATCH) });
  };
  for (const w of workers) {
    w.on('message', (m: { id: number; rows?: string[][]; error?: string }) => {
      if (m.error || !m.rows) return fail(new Error(`tokenizer worker: ${m.error}`));
      results.set(m.id, m.rows);
      waiting.get(m.id)?.();
      dispatch(w);
    });
    w.on('error', fail);
    // Two batches in flight per worker keep it busy while the main thread inserts.
    dispatch(w);
    dispatch(w);
  }
  try {
    for (let id = 0; id < batches; id++) {
      if (!results.has(id) && !failure) await new Promise<void>((resolve) => waiting.set(id, resolve));
      waiting.delete(id);
      if (failure) throw failure;
      const rows = results.get(id) as string[][];
      results.delete(id);
      yield rows;
    }
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
