// A re-index without downtime, on one instance or on every shard: load the reports and chunks into
// new indexes (chunks_<timestamp>, chunks_docs_<timestamp>) on every shard, each report on its own
// shard, with a few batches in flight and every task checked to have succeeded; then swap the new
// indexes in on every shard. A failure before the swaps drops the new indexes everywhere and leaves
// the live ones serving; a swap that fails on one shard is undone on the others.
import type { EnqueuedTaskPromise } from 'meilisearch';
import type { Chunk, DocMeta } from '../../core/types';
import type { Taxonomy } from '../../core/taxonomy';
import { IndexBuildError } from '../errors';
import { toSearchError } from './client-errors';
import type { Indexes } from './indexes';
import type { Shards } from './shards';
import { toMeiliChunk, type MeiliChunk, type MeiliDoc, type MeiliMode } from './documents';
import { chunkSettings, docSettings } from './settings';

const IN_FLIGHT = 4;

export interface BuildOptions {
  index: string;
  mode: MeiliMode;
  taxonomy: Taxonomy;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

interface Pending {
  task: EnqueuedTaskPromise;
  shard: number;
  what: string;
  rows: number;
}

/** Loads everything into new indexes on every shard and swaps them in; notes for the operator. */
export async function buildAll(shards: Shards, indexes: Indexes[], o: BuildOptions, docs: DocMeta[], chunks: Chunk[]): Promise<string[]> {
  const notes = (await Promise.all(indexes.map((ix) => ix.removeLeftovers()))).flat();
  for (const ix of indexes) await ix.refuseForeignIndex();
  const stamp = Date.now();
  const live = [o.index, `${o.index}_docs`] as const;
  const next = [`${o.index}_${stamp}`, `${o.index}_docs_${stamp}`] as const;
  const docOrder = new Map(docs.map((d, i) => [d.id, i]));
  const ordered = [...chunks].sort((a, b) => (docOrder.get(a.docId) ?? 0) - (docOrder.get(b.docId) ?? 0) || a.position - b.position);
  const batch = o.batchSize ?? 1000;
  const n = shards.clients.length;
  const label = (i: number) => (n > 1 ? ` on shard ${i + 1} of ${n}` : '');
  let swapped: { shard: number; first: boolean }[] = [];
  try {
    await Promise.all(
      shards.clients.map(async (client, i) => {
        const ix = indexes[i];
        await ix.settle(client.createIndex(next[0], { primaryKey: 'id' }), `Creating index ${next[0]}${label(i)}`);
        await ix.settle(client.createIndex(next[1], { primaryKey: 'id' }), `Creating index ${next[1]}${label(i)}`);
        await ix.settle(client.index(next[0]).updateSettings(chunkSettings(o.mode) as never), `Applying chunk index settings${label(i)}`);
        await ix.settle(client.index(next[1]).updateSettings(docSettings()), `Applying report index settings${label(i)}`);
        const rows: MeiliDoc[] = docs.map((d, k) => ({ ...d, order: k })).filter((d) => shards.of(d.id) === i);
        await ix.settle(client.index(next[1]).addDocuments(rows), `Adding reports${label(i)}`);
      }),
    );
    // Chunks in report order, each batch to the shards of its reports; several batches in flight.
    const inFlight: Pending[] = [];
    let done = 0;
    const settleFirst = async () => {
      const t = inFlight.shift();
      if (!t) return;
      await indexes[t.shard].settle(t.task, t.what);
      done += t.rows;
      o.onProgress?.(done, ordered.length);
    };
    for (let i = 0; i < ordered.length; i += batch) {
      const rows: MeiliChunk[][] = shards.clients.map(() => []);
      ordered.slice(i, i + batch).forEach((c, j) => rows[shards.of(c.docId)].push(toMeiliChunk(c, i + j + 1, o.taxonomy, o.mode)));
      rows.forEach((r, s) => {
        if (r.length)
          inFlight.push({
            task: shards.clients[s].index(next[0]).addDocuments(r),
            shard: s,
            what: `Adding chunks ${i + 1}–${i + batch}${label(s)}`,
            rows: r.length,
          });
      });
      while (inFlight.length >= IN_FLIGHT * n) await settleFirst();
    }
    while (inFlight.length) await settleFirst();
    // Every shard is loaded: swap on all of them (on a first build, rename the new indexes).
    const firsts = await Promise.all(indexes.map(async (ix) => !(await ix.exists(live[0])) || !(await ix.exists(live[1]))));
    const results = await Promise.allSettled(
      shards.clients.map(async (client, i) => {
        if (firsts[i]) await indexes[i].dropQuietly([...live]);
        await indexes[i].settle(client.swapIndexes(swapPairs(live, next, firsts[i])), `Swapping the new index in${label(i)}`);
        swapped.push({ shard: i, first: firsts[i] });
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      // Put back what was swapped, so that no shard serves the new data while another serves the old.
      await Promise.all(swapped.map((s) => undoSwap(shards, indexes, s.shard, live, next, s.first)));
      swapped = [];
      throw failed.reason;
    }
  } catch (err) {
    await Promise.all(indexes.map((ix) => ix.dropQuietly([...next])));
    if (err instanceof IndexBuildError) throw new IndexBuildError(`${err.message}. The live index was left as it was.`, { cause: err });
    const e = toSearchError('Loading the new index', err);
    throw new IndexBuildError(`${e.message}. The live index was left as it was.`, { cause: err });
  }
  // After a swap the old data carries the temporary names; after a first build's rename they are gone.
  await Promise.all(swapped.filter((s) => !s.first).map((s) => indexes[s.shard].dropQuietly([...next])));
  return notes;
}

function swapPairs(live: readonly string[], next: readonly string[], first: boolean) {
  const pairs: [string, string][] = first
    ? [
        [next[0], live[0]],
        [next[1], live[1]],
      ]
    : [
        [live[0], next[0]],
        [live[1], next[1]],
      ];
  return pairs.map((indexes) => ({ indexes, rename: first }));
}

/** Undoes one shard's swap: swap again, or rename back after a first build's rename. */
async function undoSwap(shards: Shards, indexes: Indexes[], i: number, live: readonly string[], next: readonly string[], first: boolean): Promise<void> {
  // Swapping again, or renaming the live names back to the temporary ones, restores the shard.
  const pairs: [string, string][] = [
    [live[0], next[0]],
    [live[1], next[1]],
  ];
  await indexes[i].settle(shards.clients[i].swapIndexes(pairs.map((p) => ({ indexes: p, rename: first }))), 'Undoing a swap').catch(() => undefined);
}
