// The Meilisearch backend: the same SearchBackend over a search server, with zero-downtime
// re-indexing by index swap.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Meilisearch, MeilisearchApiError, type EnqueuedTaskPromise } from 'meilisearch';
import type { Chunk, CrossCounts, DocMeta, FilterField, Health, Hit, IndexStats, SearchBackend, SearchRequest, SearchResult } from '../../core/types';
import { IndexBuildError, SearchUnavailableError } from '../errors';
import { isoDate, toSearchError } from './client-errors';
import { Indexes } from './indexes';
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

const IN_FLIGHT = 4;
/** Hits an export hands out between two turns of the event loop. */
const EXPORT_BATCH = 200;

export class MeiliBackend implements SearchBackend {
  readonly name = 'meilisearch';
  private readonly client: Meilisearch;
  private readonly taxonomy: Taxonomy;
  private readonly indexes: Indexes;

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
    this.indexes = new Indexes(this.client, opts);
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

  async replaceAll(docs: DocMeta[], chunks: Chunk[]): Promise<IndexStats> {
    const notes = await this.indexes.removeLeftovers();
    await this.indexes.refuseForeignIndex();
    const stamp = Date.now();
    const next = `${this.opts.index}_${stamp}`;
    const nextDocs = `${this.docsIndex}_${stamp}`;
    const docOrder = new Map(docs.map((d, i) => [d.id, i]));
    const ordered = [...chunks].sort((a, b) => (docOrder.get(a.docId) ?? 0) - (docOrder.get(b.docId) ?? 0) || a.position - b.position);
    const batch = this.opts.batchSize ?? 1000;
    let first = false;
    try {
      await this.indexes.settle(this.client.createIndex(next, { primaryKey: 'id' }), `Creating index ${next}`);
      await this.indexes.settle(this.client.createIndex(nextDocs, { primaryKey: 'id' }), `Creating index ${nextDocs}`);
      await this.indexes.settle(this.client.index(next).updateSettings(chunkSettings()), 'Applying chunk index settings');
      await this.indexes.settle(this.client.index(nextDocs).updateSettings(docSettings()), 'Applying report index settings');
      const docRows: MeiliDoc[] = docs.map((d, i) => ({ ...d, order: i }));
      await this.indexes.settle(this.client.index(nextDocs).addDocuments(docRows), 'Adding reports');
      // Several batches in flight let Meilisearch index them together; each is checked in order.
      const inFlight: { task: EnqueuedTaskPromise; what: string; done: number }[] = [];
      for (let i = 0; i < ordered.length; i += batch) {
        const rows: MeiliChunk[] = ordered.slice(i, i + batch).map((c, j) => toMeiliChunk(c, i + j + 1, this.taxonomy));
        inFlight.push({ task: this.client.index(next).addDocuments(rows), what: `Adding chunks ${i + 1}–${i + rows.length}`, done: i + rows.length });
        if (inFlight.length >= IN_FLIGHT) await this.settleFirst(inFlight, ordered.length);
      }
      while (inFlight.length) await this.settleFirst(inFlight, ordered.length);
      // One atomic task: swap with the live indexes, or on the first build rename the new ones.
      first = !(await this.indexes.exists(this.opts.index)) || !(await this.indexes.exists(this.docsIndex));
      const pairs: [string, string][] = first
        ? [
            [next, this.opts.index],
            [nextDocs, this.docsIndex],
          ]
        : [
            [this.opts.index, next],
            [this.docsIndex, nextDocs],
          ];
      if (first) await this.indexes.dropQuietly([this.opts.index, this.docsIndex]);
      await this.indexes.settle(this.client.swapIndexes(pairs.map((indexes) => ({ indexes, rename: first }))), 'Swapping the new index in');
    } catch (err) {
      await this.indexes.dropQuietly([next, nextDocs]);
      if (err instanceof IndexBuildError) throw new IndexBuildError(`${err.message}. The live index was left as it was.`, { cause: err });
      const e = toSearchError('Loading the new index', err);
      throw new IndexBuildError(`${e.message}. The live index was left as it was.`, { cause: err });
    }
    // After a swap the old data carries the temporary names; after a first build's rename they are gone.
    if (!first) await this.indexes.dropQuietly([next, nextDocs]);
    return { ...(await this.stats()), ...(notes.length ? { notes } : {}) };
  }

  private async settleFirst(inFlight: { task: EnqueuedTaskPromise; what: string; done: number }[], total: number): Promise<void> {
    const t = inFlight.shift();
    if (!t) return;
    await this.indexes.settle(t.task, t.what);
    this.opts.onProgress?.(t.done, total);
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
        const problem = await this.indexes.foreignIndexProblem().catch(() => null);
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
      const problem = await this.indexes.foreignIndexProblem();
      if (problem) return { ok: false, backend: this.name, message: problem };
      if (!(await this.indexes.exists(this.opts.index)))
        return { ok: false, backend: this.name, message: `No index "${this.opts.index}" yet: run "npm run kb -- index".` };
      return { ok: true, backend: this.name };
    } catch (err) {
      return { ok: false, backend: this.name, message: toSearchError('Meilisearch health check', err).message };
    }
  }

  async close(): Promise<void> {}
}
