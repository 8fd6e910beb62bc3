// The Meilisearch backend: the same SearchBackend over one search server or several shards, with
// zero-downtime re-indexing by index swap (build.ts).
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Meilisearch, MeilisearchApiError } from 'meilisearch';
import type { Chunk, CrossCounts, DocMeta, FilterField, Health, Hit, IndexStats, SearchBackend, SearchRequest, SearchResult } from '../../core/types';
import { docIdOfChunk } from '../../core/ids';
import { IndexBuildError, SearchUnavailableError } from '../errors';
import { isoDate, toSearchError } from './client-errors';
import { Indexes } from './indexes';
import { crossResult, normalizeRequest, type NormalizedRequest } from '../fields';
import { needles, parseQuery, type ParsedQuery } from '../query';
import { toHit } from '../highlight';
import { EMPTY_TAXONOMY, type Taxonomy } from '../../core/taxonomy';
import { attributeOf, MAX_TOTAL_HITS } from './settings';
import { buildMatrixColumns, buildMatrixTotals, buildSearch, quoteValue, type MultiSearchBody, type Target } from './request';
import { toResult, type MeiliSearchAnswer } from './response';
import { fromMeiliChunk, fromMeiliDoc, type MeiliDoc, type MeiliMode } from './documents';
import { addCounts, checkRemoteErrors, Shards } from './shards';
import { buildAll } from './build';

export interface MeiliOptions {
  /** The server, or several shards' servers separated by commas (one API key for all). */
  url: string;
  apiKey?: string;
  /** Live index name; reports live in `<index>_docs`. */
  index: string;
  /** exact (default): the embedded engine's substring rule; native: Meilisearch's own segmentation. */
  mode?: MeiliMode;
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

/** Hits an export hands out between two turns of the event loop. */
const EXPORT_BATCH = 200;

export class MeiliBackend implements SearchBackend {
  readonly name = 'meilisearch';
  private readonly shards: Shards;
  private readonly taxonomy: Taxonomy;
  private readonly indexes: Indexes[];
  private readonly mode: MeiliMode;

  constructor(private readonly opts: MeiliOptions) {
    this.taxonomy = opts.taxonomy ?? EMPTY_TAXONOMY;
    this.mode = opts.mode ?? 'exact';
    this.shards = new Shards(opts.url, opts.apiKey, opts.timeoutMs);
    this.indexes = this.shards.clients.map((c) => new Indexes(c, { ...opts, mode: this.mode }));
  }

  private get docsIndex(): string {
    return `${this.opts.index}_docs`;
  }

  private get target(): Target {
    return { index: this.opts.index, mode: this.mode, remotes: this.shards.remotes };
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
    await this.call('Setting up the shards', () => this.shards.ready()).catch((err: Error) => {
      throw new IndexBuildError(`${err.message}. The live index was left as it was.`, { cause: err });
    });
    const notes = await buildAll(this.shards, this.indexes, { ...this.opts, mode: this.mode, taxonomy: this.taxonomy }, docs, chunks);
    return { ...(await this.stats()), ...(notes.length ? { notes } : {}) };
  }

  private parse(r: NormalizedRequest): ParsedQuery {
    return parseQuery(r.q, { synonyms: r.synonyms ? this.taxonomy.synonyms : [], scope: r.scope });
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const started = performance.now();
    const r = normalizeRequest(req);
    const parsed = this.parse(r);
    const run = async (page: number) => {
      const plan = buildSearch(this.target, { ...r, page }, parsed);
      return { answers: await this.multiAll(plan.bodies), plan };
    };
    let { answers, plan } = await run(r.page);
    const pages = answers[0]?.totalPages ?? 1;
    // Past the last page, answer the last page, as the embedded engine does.
    if (r.page > pages && pages > 0) ({ answers, plan } = await run(pages));
    const at = { ...r, page: Math.min(r.page, Math.max(1, pages)) };
    return toResult(answers, plan.facetQueries, at, parsed, Math.round((performance.now() - started) * 100) / 100);
  }

  private async multiAll(bodies: MultiSearchBody[], client?: Meilisearch): Promise<MeiliSearchAnswer[]> {
    return (await Promise.all(bodies.map((b) => this.multi(b, client)))).flat();
  }

  /**
   * Count-only answers: over shards, each shard counts its own reports and the counts are added
   * (every chunk lives on exactly one shard), which spares the remote round trips.
   */
  private async counts(build: (t: Target) => MultiSearchBody[]): Promise<MeiliSearchAnswer[]> {
    if (!this.shards.sharded) return this.multiAll(build(this.target));
    const local = build({ index: this.opts.index, mode: this.mode });
    return addCounts(await Promise.all(this.shards.clients.map((c) => this.multiAll(local, c))));
  }

  /** One multi-search: the answers of its queries, or the one answer of a federated search. */
  private async multi(body: MultiSearchBody, on?: Meilisearch): Promise<MeiliSearchAnswer[]> {
    try {
      if (!on) await this.shards.ready();
      const client = on ?? this.shards.next();
      const res = (await client.multiSearch(body as never, { signal: AbortSignal.timeout(this.opts.timeoutMs) })) as unknown as
        { results: MeiliSearchAnswer[] } | (MeiliSearchAnswer & { remoteErrors?: Record<string, { message?: string; code?: string }> });
      if ('results' in res) return res.results;
      checkRemoteErrors(res);
      return [res];
    } catch (err) {
      // A filter or facet the index does not know: most likely an index someone else made.
      if (err instanceof MeilisearchApiError && /^invalid_search_(filter|facets|sort)$/.test(err.cause?.code ?? '')) {
        const problem = await this.problem().catch(() => null);
        if (problem) throw new SearchUnavailableError(`${problem} Run "npm run kb -- index" with another MEILI_INDEX.`, { cause: err });
      }
      throw toSearchError('Searching', err);
    }
  }

  async *exportHits(req: SearchRequest, max: number): AsyncGenerator<Hit> {
    // One request for the whole set: pages fetched one by one could straddle a re-index's swap.
    const r = { ...normalizeRequest(req), facets: false, page: 1 };
    const parsed = this.parse(r);
    const plan = buildSearch(this.target, { ...r, perPage: Math.max(1, Math.min(max, MAX_TOTAL_HITS)) }, parsed);
    const [answer] = await this.multi(plan.bodies[0]);
    const words = needles(parsed);
    const hits = answer.hits.slice(0, max);
    for (let i = 0; i < hits.length; i++) {
      yield toHit(fromMeiliChunk(hits[i] as never), words, r);
      // Leave room for other requests between batches, as the embedded engine does.
      if (i % EXPORT_BATCH === EXPORT_BATCH - 1) await yieldToEventLoop();
    }
  }

  /** Two round trips: the totals per row and which columns occur, then one count per column. */
  async crossCounts(req: SearchRequest, rowField: FilterField, colField: FilterField): Promise<CrossCounts> {
    const started = performance.now();
    const r = normalizeRequest(req);
    const parsed = this.parse(r);
    const [first] = await this.counts((t) => buildMatrixTotals(t, r, parsed, rowField, colField));
    const rowAttr = attributeOf(rowField);
    const keepRow = r.filters[rowField]?.length ? new Set(r.filters[rowField]) : null;
    const keepCol = r.filters[colField]?.length ? new Set(r.filters[colField]) : null;
    const rowTotals = Object.entries(first.facetDistribution?.[rowAttr] ?? {}).filter(([v, n]) => n > 0 && (!keepRow || keepRow.has(v)));
    const cols = Object.entries(first.facetDistribution?.[attributeOf(colField)] ?? {})
      .filter(([v, n]) => n > 0 && (!keepCol || keepCol.has(v)))
      .map(([v]) => v);
    const counts = new Map<string, Map<string, number>>(rowTotals.map(([v, n]) => [v, new Map([['', n]])]));
    if (counts.size && cols.length) {
      const answers = await this.counts((t) => buildMatrixColumns(t, r, parsed, rowField, colField, cols));
      answers.forEach((a, i) => {
        for (const [row, n] of Object.entries(a.facetDistribution?.[rowAttr] ?? {})) if (n > 0) counts.get(row)?.set(cols[i], n);
      });
    }
    return crossResult(counts, first.totalHits ?? 0, Math.round((performance.now() - started) * 100) / 100);
  }

  async getChunk(id: string): Promise<Chunk | null> {
    return this.getOne(this.opts.index, id, docIdOfChunk(id), (d) => fromMeiliChunk(d as never));
  }

  async getDoc(id: string): Promise<DocMeta | null> {
    return this.getOne(this.docsIndex, id, id, (d) => fromMeiliDoc(d as never));
  }

  /** A document from the shard of its report; from any shard when it is not there (routing changed). */
  private async getOne<T>(uid: string, id: string, reportId: string, map: (d: Record<string, unknown>) => T): Promise<T | null> {
    // Ids are our own slugs; anything else cannot exist and is not sent.
    if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return null;
    const home = this.shards.of(reportId);
    const order = [home, ...this.shards.clients.map((_, i) => i).filter((i) => i !== home)];
    for (const i of order) {
      try {
        return map(await this.shards.clients[i].index(uid).getDocument(id));
      } catch (err) {
        if (err instanceof MeilisearchApiError && err.cause?.code === 'document_not_found') continue;
        throw toSearchError('Reading a document', err);
      }
    }
    return null;
  }

  async getDocChunks(docId: string): Promise<Chunk[]> {
    const filter = `docId = ${quoteValue(docId)}`;
    const found = await this.each('Reading a report', (c) => c.index(this.opts.index).getDocuments({ filter, limit: MAX_TOTAL_HITS }));
    return found
      .flatMap((res) => res.results as Record<string, unknown>[])
      .map((d) => fromMeiliChunk(d as never))
      .sort((a, b) => a.position - b.position);
  }

  async listDocs(): Promise<DocMeta[]> {
    const found = await this.each('Listing reports', (c) => c.index(this.docsIndex).getDocuments({ limit: MAX_TOTAL_HITS }));
    return found
      .flatMap((res) => res.results as MeiliDoc[])
      .sort((a, b) => a.order - b.order)
      .map(fromMeiliDoc);
  }

  /** The same request to every shard. */
  private each<T>(what: string, f: (c: Meilisearch) => Promise<T>): Promise<T[]> {
    return this.call(what, () => Promise.all(this.shards.clients.map(f)));
  }

  async stats(): Promise<IndexStats> {
    try {
      const all = await Promise.all(
        this.shards.clients.map((c) => Promise.all([c.index(this.opts.index).getStats(), c.index(this.docsIndex).getStats(), c.getIndex(this.opts.index)])),
      );
      const sum = (f: (x: (typeof all)[number]) => number) => all.reduce((n, x) => n + f(x), 0);
      return {
        chunks: sum((x) => x[0].numberOfDocuments),
        docs: sum((x) => x[1].numberOfDocuments),
        builtAt: isoDate(all[0][2].updatedAt),
        backend: this.name,
      };
    } catch (err) {
      if (err instanceof MeilisearchApiError && err.cause?.code === 'index_not_found') return { chunks: 0, docs: 0, builtAt: null, backend: this.name };
      throw toSearchError('Reading index stats', err);
    }
  }

  /** Why the live index cannot serve: someone else's, or built in another mode; null when it can. */
  private async problem(): Promise<string | null> {
    for (const ix of this.indexes) {
      const p = (await ix.foreignIndexProblem()) ?? (await ix.modeProblem());
      if (p) return p;
    }
    return null;
  }

  /** Healthy when every shard answers, accepts the key, and serves an index of ours in our mode. */
  async health(): Promise<Health> {
    try {
      await Promise.all(this.shards.clients.map((c) => c.health()));
      const problem = await this.problem();
      if (problem) return { ok: false, backend: this.name, message: problem };
      for (const ix of this.indexes)
        if (!(await ix.exists(this.opts.index)))
          return { ok: false, backend: this.name, message: `No index "${this.opts.index}" yet: run "npm run kb -- index".` };
      await this.shards.ready();
      return { ok: true, backend: this.name };
    } catch (err) {
      return { ok: false, backend: this.name, message: toSearchError('Meilisearch health check', err).message };
    }
  }

  async close(): Promise<void> {}
}
