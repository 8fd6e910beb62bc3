// The Meilisearch backend: the same SearchBackend over a search server, with zero-downtime
// re-indexing by index swap.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  MeilisearchTaskTimeOutError,
  type EnqueuedTaskPromise,
  type Task,
} from 'meilisearch';
import type { Chunk, CrossCounts, DocMeta, FilterField, Health, Hit, IndexStats, SearchBackend, SearchRequest, SearchResult } from '../../core/types';
import { IndexBuildError, SearchError, SearchRequestError, SearchUnavailableError } from '../errors';
import { escapeRegExp } from '../../core/normalize';
import { crossResult, normalizeRequest, type NormalizedRequest } from '../fields';
import { needles, parseQuery, type ParsedQuery } from '../query';
import { toHit } from '../highlight';
import { EMPTY_TAXONOMY, type Taxonomy } from '../../core/taxonomy';
import { attributeOf, chunkSettings, docSettings, MAX_TOTAL_HITS } from './settings';
import { buildCrossSearch, buildRowValuesSearch, buildSearch, quoteValue, type MultiSearchBody } from './request';
import { toResult, type MeiliSearchAnswer } from './response';
import { fromMeiliChunk, fromMeiliDoc, toMeiliChunk, type MeiliChunk, type MeiliDoc } from './documents';

export interface MeiliOptions {
  url: string;
  apiKey?: string;
  /** Live index name; reports live in `<index>_docs`. */
  index: string;
  /** Limit for every request to the server. */
  timeoutMs: number;
  /** Limit for waiting on indexing tasks. */
  taskTimeoutMs?: number;
  /** Temporary indexes idle for longer than this are left from interrupted builds (default 10 minutes). */
  leftoverAgeMs?: number;
  /** Labels that metadata words match, and synonym groups (none when omitted). */
  taxonomy?: Taxonomy;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

const NOT_FOUND = new Set(['index_not_found', 'document_not_found']);
const AUTH_ERRORS = new Set(['invalid_api_key', 'missing_authorization_header', 'missing_master_key']);
const IN_FLIGHT = 4;
/** Hits an export hands out between two turns of the event loop. */
const EXPORT_BATCH = 200;

export class MeiliBackend implements SearchBackend {
  readonly name = 'meilisearch';
  private readonly client: Meilisearch;
  private readonly taxonomy: Taxonomy;

  constructor(private readonly opts: MeiliOptions) {
    this.taxonomy = opts.taxonomy ?? EMPTY_TAXONOMY;
    this.client = new Meilisearch({
      host: opts.url,
      apiKey: opts.apiKey,
      timeout: opts.timeoutMs,
      // Meilisearch 1.50 holds a compressed answer back about 40 ms before sending it (measured on
      // loopback: 48 ms with gzip or br, 3–10 ms without); answers travel uncompressed.
      requestInit: { headers: { 'Accept-Encoding': 'identity' } },
    });
  }

  private get docsIndex(): string {
    return `${this.opts.index}_docs`;
  }

  /** Runs a request, turning the client's errors into ours. */
  private async call<T>(what: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      throw toSearchError(what, err);
    }
  }

  /** Waits for a task and checks that it succeeded: a failed task is not an exception by itself. */
  private async settle(task: EnqueuedTaskPromise, what: string): Promise<Task> {
    const done = await task.waitTask({ timeout: this.opts.taskTimeoutMs ?? 120_000 });
    if (done.status !== 'succeeded') {
      const e = done.error;
      throw new IndexBuildError(`${what} failed (${done.status})${e ? `: ${e.code}: ${e.message}` : ''}`);
    }
    return done;
  }

  async replaceAll(docs: DocMeta[], chunks: Chunk[]): Promise<IndexStats> {
    const notes = await this.removeLeftovers();
    await this.refuseForeignIndex();
    const stamp = Date.now();
    const next = `${this.opts.index}_${stamp}`;
    const nextDocs = `${this.docsIndex}_${stamp}`;
    const docOrder = new Map(docs.map((d, i) => [d.id, i]));
    const ordered = [...chunks].sort((a, b) => (docOrder.get(a.docId) ?? 0) - (docOrder.get(b.docId) ?? 0) || a.position - b.position);
    const batch = this.opts.batchSize ?? 1000;
    let first = false;
    try {
      await this.settle(this.client.createIndex(next, { primaryKey: 'id' }), `Creating index ${next}`);
      await this.settle(this.client.createIndex(nextDocs, { primaryKey: 'id' }), `Creating index ${nextDocs}`);
      await this.settle(this.client.index(next).updateSettings(chunkSettings()), 'Applying chunk index settings');
      await this.settle(this.client.index(nextDocs).updateSettings(docSettings()), 'Applying report index settings');
      const docRows: MeiliDoc[] = docs.map((d, i) => ({ ...d, order: i }));
      await this.settle(this.client.index(nextDocs).addDocuments(docRows), 'Adding reports');
      // Several batches in flight let Meilisearch index them together; each is checked in order.
      const inFlight: { task: EnqueuedTaskPromise; what: string; done: number }[] = [];
      for (let i = 0; i < ordered.length; i += batch) {
        const rows: MeiliChunk[] = ordered.slice(i, i + batch).map((c, j) => toMeiliChunk(c, i + j + 1, this.taxonomy));
        inFlight.push({ task: this.client.index(next).addDocuments(rows), what: `Adding chunks ${i + 1}–${i + rows.length}`, done: i + rows.length });
        if (inFlight.length >= IN_FLIGHT) await this.settleFirst(inFlight, ordered.length);
      }
      while (inFlight.length) await this.settleFirst(inFlight, ordered.length);
      // One atomic task: swap with the live indexes, or on the first build rename the new ones.
      first = !(await this.exists(this.opts.index)) || !(await this.exists(this.docsIndex));
      const pairs: [string, string][] = first
        ? [
            [next, this.opts.index],
            [nextDocs, this.docsIndex],
          ]
        : [
            [this.opts.index, next],
            [this.docsIndex, nextDocs],
          ];
      if (first) await this.dropQuietly([this.opts.index, this.docsIndex]);
      await this.settle(this.client.swapIndexes(pairs.map((indexes) => ({ indexes, rename: first }))), 'Swapping the new index in');
    } catch (err) {
      await this.dropQuietly([next, nextDocs]);
      if (err instanceof IndexBuildError) throw new IndexBuildError(`${err.message}. The live index was left as it was.`, { cause: err });
      const e = toSearchError('Loading the new index', err);
      throw new IndexBuildError(`${e.message}. The live index was left as it was.`, { cause: err });
    }
    // After a swap the old data carries the temporary names; after a first build's rename they are gone.
    if (!first) await this.dropQuietly([next, nextDocs]);
    return { ...(await this.stats()), ...(notes.length ? { notes } : {}) };
  }

  private async settleFirst(inFlight: { task: EnqueuedTaskPromise; what: string; done: number }[], total: number): Promise<void> {
    const t = inFlight.shift();
    if (!t) return;
    await this.settle(t.task, t.what);
    this.opts.onProgress?.(t.done, total);
  }

  /**
   * Deletes the temporary indexes of re-indexes that were interrupted (named <index>_<timestamp>
   * or <index>_docs_<timestamp>, idle and older than a few minutes, so a running build keeps its own).
   */
  private async removeLeftovers(): Promise<string[]> {
    const pattern = new RegExp(`^${escapeRegExp(this.opts.index)}(?:_docs)?_\\d{13}$`);
    const all = await this.call('Listing indexes', () => this.client.getRawIndexes({ limit: 1000 }));
    const staleBefore = Date.now() - (this.opts.leftoverAgeMs ?? 10 * 60_000);
    const stale = all.results.filter((i) => pattern.test(i.uid) && Number(i.uid.slice(-13)) < staleBefore && Date.parse(i.updatedAt) < staleBefore);
    if (!stale.length) return [];
    const busy = await this.call('Listing tasks', () =>
      this.client.tasks.getTasks({ indexUids: stale.map((i) => i.uid), statuses: ['enqueued', 'processing'], limit: 1000 }),
    );
    const active = new Set(busy.results.map((t) => t.indexUid));
    const removed = stale.map((i) => i.uid).filter((uid) => !active.has(uid));
    await this.dropQuietly(removed);
    return removed.length ? [`Removed ${removed.length} index(es) left by an interrupted re-index: ${removed.join(', ')}.`] : [];
  }

  /** Refuses to replace an index of the same name that this knowledge base did not create. */
  private async refuseForeignIndex(): Promise<void> {
    const problem = await this.foreignIndexProblem();
    if (problem) throw new IndexBuildError(`${problem} Nothing was changed. Set MEILI_INDEX to another name, or delete that index yourself.`);
  }

  /** Why the live index is not one of ours, or null (also when there is none yet). */
  private async foreignIndexProblem(): Promise<string | null> {
    let settings: { searchableAttributes?: string[] | null };
    try {
      settings = await this.client.index(this.opts.index).getSettings();
    } catch (err) {
      if (err instanceof MeilisearchApiError && err.cause?.code === 'index_not_found') return null;
      throw toSearchError('Reading the index settings', err);
    }
    const ours = JSON.stringify(chunkSettings().searchableAttributes);
    if (JSON.stringify(settings.searchableAttributes) === ours) return null;
    return `Meilisearch index "${this.opts.index}" was not created by this knowledge base (it searches ${JSON.stringify(settings.searchableAttributes)}, not ${ours}).`;
  }

  private async exists(uid: string): Promise<boolean> {
    try {
      await this.client.getIndex(uid);
      return true;
    } catch (err) {
      if (err instanceof MeilisearchApiError && err.cause?.code === 'index_not_found') return false;
      throw err;
    }
  }

  /** Deletes indexes, waiting until they are gone; one that does not exist (or cannot go) is passed over. */
  private async dropQuietly(uids: string[]): Promise<void> {
    for (const uid of uids)
      await this.client
        .deleteIndex(uid)
        .waitTask({ timeout: this.opts.taskTimeoutMs ?? 120_000 })
        .catch(() => undefined);
  }

  private parse(r: NormalizedRequest): ParsedQuery {
    return parseQuery(r.q, { synonyms: r.synonyms ? this.taxonomy.synonyms : [] });
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const started = performance.now();
    const r = normalizeRequest(req);
    const parsed = this.parse(r);
    const run = async (page: number) => {
      const plan = buildSearch(this.opts.index, { ...r, page }, parsed);
      return { answers: (await Promise.all(plan.bodies.map((b) => this.multi(b)))).flat(), plan };
    };
    let { answers, plan } = await run(r.page);
    const pages = answers[0]?.totalPages ?? 1;
    // Past the last page, answer the last page, as the embedded engine does.
    if (r.page > pages && pages > 0) ({ answers, plan } = await run(pages));
    const at = { ...r, page: Math.min(r.page, Math.max(1, pages)) };
    return toResult(answers, plan.facetQueries, at, parsed, Math.round((performance.now() - started) * 100) / 100);
  }

  /** One multi-search: the answers of its queries, or the one answer of a federated search. */
  private async multi(body: MultiSearchBody): Promise<MeiliSearchAnswer[]> {
    try {
      const res = (await this.client.multiSearch(body as never, { signal: AbortSignal.timeout(this.opts.timeoutMs) })) as unknown as
        { results: MeiliSearchAnswer[] } | MeiliSearchAnswer;
      return 'results' in res ? res.results : [res];
    } catch (err) {
      // A filter or facet the index does not know: most likely an index someone else made.
      if (err instanceof MeilisearchApiError && /^invalid_search_(filter|facets|sort)$/.test(err.cause?.code ?? '')) {
        const problem = await this.foreignIndexProblem().catch(() => null);
        if (problem) throw new SearchUnavailableError(`${problem} Run "npm run kb -- index" with another MEILI_INDEX.`, { cause: err });
      }
      throw toSearchError('Searching', err);
    }
  }

  async *exportHits(req: SearchRequest, max: number): AsyncGenerator<Hit> {
    // One request for the whole set: pages fetched one by one could straddle a re-index's swap.
    const r = { ...normalizeRequest(req), facets: false, page: 1 };
    const parsed = this.parse(r);
    const plan = buildSearch(this.opts.index, { ...r, perPage: Math.max(1, Math.min(max, MAX_TOTAL_HITS)) }, parsed);
    const [answer] = await this.multi(plan.bodies[0]);
    const words = needles(parsed);
    const hits = answer.hits.slice(0, max);
    for (let i = 0; i < hits.length; i++) {
      yield toHit(fromMeiliChunk(hits[i] as never), words, r);
      // Leave room for other requests between batches, as the embedded engine does.
      if (i % EXPORT_BATCH === EXPORT_BATCH - 1) await yieldToEventLoop();
    }
  }

  async crossCounts(req: SearchRequest, rowField: FilterField, colField: FilterField): Promise<CrossCounts> {
    const started = performance.now();
    const r = normalizeRequest(req);
    const parsed = this.parse(r);
    const [first] = await this.multi(buildRowValuesSearch(this.opts.index, r, parsed, rowField));
    const rowValues = r.filters[rowField]?.length ? r.filters[rowField] : Object.keys(first.facetDistribution?.[attributeOf(rowField)] ?? {});
    const answers = (await Promise.all(rowValues.map((v) => this.multi(buildCrossSearch(this.opts.index, r, parsed, rowField, colField, v))))).flat();
    const keepCol = r.filters[colField]?.length ? new Set(r.filters[colField]) : null;
    const counts = new Map<string, Map<string, number>>();
    answers.forEach((a, i) => {
      if (!a.totalHits) return;
      const cells = new Map<string, number>([['', a.totalHits]]);
      for (const [c, n] of Object.entries(a.facetDistribution?.[attributeOf(colField)] ?? {})) if (!keepCol || keepCol.has(c)) cells.set(c, n);
      counts.set(rowValues[i], cells);
    });
    return crossResult(counts, first.totalHits ?? 0, Math.round((performance.now() - started) * 100) / 100);
  }

  async getChunk(id: string): Promise<Chunk | null> {
    return this.getOne(this.opts.index, id, (d) => fromMeiliChunk(d as never));
  }

  async getDoc(id: string): Promise<DocMeta | null> {
    return this.getOne(this.docsIndex, id, (d) => fromMeiliDoc(d as never));
  }

  private async getOne<T>(uid: string, id: string, map: (d: Record<string, unknown>) => T): Promise<T | null> {
    // Ids are our own slugs; anything else cannot exist and is not sent.
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return null;
    try {
      return map(await this.client.index(uid).getDocument(id));
    } catch (err) {
      if (err instanceof MeilisearchApiError && err.cause?.code === 'document_not_found') return null;
      throw toSearchError('Reading a document', err);
    }
  }

  async getDocChunks(docId: string): Promise<Chunk[]> {
    const res = await this.call('Reading a report', () =>
      this.client.index(this.opts.index).getDocuments({ filter: `docId = ${quoteValue(docId)}`, limit: MAX_TOTAL_HITS }),
    );
    return (res.results as Record<string, unknown>[]).map((d) => fromMeiliChunk(d as never)).sort((a, b) => a.position - b.position);
  }

  async listDocs(): Promise<DocMeta[]> {
    const res = await this.call('Listing reports', () => this.client.index(this.docsIndex).getDocuments({ limit: MAX_TOTAL_HITS }));
    return (res.results as MeiliDoc[]).sort((a, b) => a.order - b.order).map(fromMeiliDoc);
  }

  async stats(): Promise<IndexStats> {
    try {
      const [chunks, docs, index] = await Promise.all([
        this.client.index(this.opts.index).getStats(),
        this.client.index(this.docsIndex).getStats(),
        this.client.getIndex(this.opts.index),
      ]);
      return { chunks: chunks.numberOfDocuments, docs: docs.numberOfDocuments, builtAt: isoDate(index.updatedAt), backend: this.name };
    } catch (err) {
      if (err instanceof MeilisearchApiError && err.cause?.code === 'index_not_found') return { chunks: 0, docs: 0, builtAt: null, backend: this.name };
      throw toSearchError('Reading index stats', err);
    }
  }

  /** Healthy when the server answers, accepts the key, and serves an index of ours. */
  async health(): Promise<Health> {
    try {
      await this.client.health();
      const problem = await this.foreignIndexProblem();
      if (problem) return { ok: false, backend: this.name, message: problem };
      if (!(await this.exists(this.opts.index)))
        return { ok: false, backend: this.name, message: `No index "${this.opts.index}" yet: run "npm run kb -- index".` };
      return { ok: true, backend: this.name };
    } catch (err) {
      return { ok: false, backend: this.name, message: toSearchError('Meilisearch health check', err).message };
    }
  }

  async close(): Promise<void> {}
}

function isoDate(d: unknown): string | null {
  const t = d instanceof Date || typeof d === 'string' ? new Date(d) : null;
  return t && !Number.isNaN(t.getTime()) ? t.toISOString() : null;
}

/** Our error for a client error: unreachable or timed out → unavailable; refused → request error. */
export function toSearchError(what: string, err: unknown): SearchError {
  if (err instanceof SearchError) return err;
  if (err instanceof MeilisearchApiError) {
    const code = err.cause?.code;
    if (code && AUTH_ERRORS.has(code))
      return new SearchUnavailableError(
        `${what}: Meilisearch refused the API key (${code}). Set MEILI_API_KEY to the master key or a key allowed to search and index.`,
        {
          cause: err,
        },
      );
    const message = `${what}: Meilisearch answered ${err.response.status} ${code ?? ''}: ${err.cause?.message ?? err.message}`;
    if (code && NOT_FOUND.has(code) && code === 'index_not_found')
      return new SearchUnavailableError(`${message} (run "npm run kb -- index" first)`, { cause: err });
    return new SearchRequestError(message, code, { cause: err });
  }
  if (err instanceof MeilisearchRequestError || err instanceof MeilisearchRequestTimeOutError || err instanceof MeilisearchTaskTimeOutError)
    return new SearchUnavailableError(`${what}: Meilisearch is unreachable or too slow (${err.message})`, { cause: err });
  return new SearchError(`${what} failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}
