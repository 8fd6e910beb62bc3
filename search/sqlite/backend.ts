// The embedded default backend: one SQLite file holding the chunks and their posting lists, needing no server.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Chunk, CrossCounts, DocMeta, FilterField, Health, Hit, IndexStats, SearchBackend, SearchRequest, SearchResult } from '../../core/types';
import type { IndexSource } from '../../core/types';
import { Turns } from '../../core/turns';
import { facetFields } from '../../core/fields';
import { IndexBuildError, SearchUnavailableError } from '../errors';
import { crossResult, normalizeRequest, orderFacet, totalPages, type NormalizedRequest } from '../fields';
import { needles, parseQuery } from '../query';
import { toHit } from '../highlight';
import { EMPTY_TAXONOMY, type Taxonomy } from '../../core/taxonomy';
import { SCHEMA_VERSION } from './schema';
import { startBuild } from './build-files';
import { writeIndexFile } from './index-file';
import { LiveIndex, type Live } from './live';

export interface SqliteOptions {
  /** Path of the index file; its directory is created when needed. */
  file: string;
  /** Labels that metadata words match, and synonym groups (none when omitted). */
  taxonomy?: Taxonomy;
  /** Called as chunks are loaded while building, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

export class SqliteBackend implements SearchBackend {
  readonly name = 'sqlite';
  /** The open index, checked, with the previous one as its fallback. */
  private readonly files: LiveIndex;

  private readonly taxonomy: Taxonomy;

  constructor(private readonly opts: SqliteOptions) {
    this.taxonomy = opts.taxonomy ?? EMPTY_TAXONOMY;
    this.files = new LiveIndex(opts.file, this.taxonomy);
  }

  private async require(): Promise<Live> {
    const live = await this.files.open();
    if (!live) throw new SearchUnavailableError('No index has been built yet: run "npm run kb -- index" first.');
    return live;
  }

  private dispose(): void {
    this.files.dispose();
  }

  async replaceAll(docs: DocMeta[], chunks: Chunk[], source: IndexSource = {}): Promise<IndexStats> {
    return this.replaceWith((file) => writeIndexFile(file, docs, chunks, source, this.opts.onProgress));
  }

  /**
   * Replaces the index with the file `write` writes and seals (here, or in another process of
   * this server's, whose file is trusted as this process's own). The new index is read into
   * memory while the old one serves, then both are swapped in one step.
   */
  async replaceWith(write: (file: string) => Promise<void>): Promise<IndexStats> {
    const build = startBuild(this.opts.file);
    let prepared: Live | null = null;
    try {
      await write(build.tmp);
      prepared = await this.files.prepare(build.tmp);
      // Whether the old index may become the fallback: known already when it served.
      await this.files.problem(this.opts.file);
      // The live name moves to the new file in one step; other processes' readers keep the old one until they reopen.
      build.commit((file) => this.files.problemNow(file) === null);
      this.files.put(prepared);
    } catch (err) {
      prepared?.db.close();
      build.abandon();
      const serving = fs.existsSync(this.opts.file) ? 'the previous index is still being served' : 'there is no index yet';
      throw new IndexBuildError(`Building the index failed (${(err as Error).message}); ${serving}.`, { cause: err });
    }
    const stats = await this.stats();
    return build.removed.length ? { ...stats, notes: [`Removed files left by an interrupted build: ${build.removed.join(', ')}.`] } : stats;
  }

  /** The rows that match the query and filters, with facet counts and relevance scores. */
  private match(live: Live, r: NormalizedRequest) {
    const parsed = parseQuery(r.q, { synonyms: r.synonyms ? this.taxonomy.synonyms : [] });
    const { rows, scores } = live.evaluator.evaluate(parsed);
    return { ...live.reader.store.filterAndCount(rows, r.filters, r.facets), scores, needles: needles(parsed), expansions: parsed.expansions };
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const started = performance.now();
    const r = normalizeRequest(req);
    const live = await this.require();
    const { rows, facets, scores, needles, expansions } = this.match(live, r);
    const pages = totalPages(rows.length, r.perPage);
    const page = Math.min(r.page, pages);
    const from = (page - 1) * r.perPage;
    const pageRows = ordered(live, r, rows, scores, page * r.perPage).slice(from);
    const hits = pageRows.map((rid) => toHit(live.reader.chunkAt(rid) as Chunk, needles, r));
    const facetOut: SearchResult['facets'] = {};
    if (r.facets) for (const f of facetFields()) facetOut[f] = orderFacet(facets[f] ?? new Map(), r.filters[f]);
    return { total: rows.length, page, perPage: r.perPage, totalPages: pages, tookMs: round(performance.now() - started), hits, facets: facetOut, expansions };
  }

  async *exportHits(req: SearchRequest, max: number): AsyncGenerator<Hit> {
    const r = { ...normalizeRequest(req), facets: false };
    const live = await this.require();
    live.readers++;
    try {
      const turns = new Turns();
      const { rows, scores, needles } = this.match(live, r);
      const all = ordered(live, r, rows, scores, Math.min(max, rows.length));
      // A few milliseconds of hits at a time: other requests and other exports are answered in between.
      for (const rid of all) {
        yield toHit(live.reader.chunkAt(rid) as Chunk, needles, r);
        await turns.pass();
      }
    } finally {
      live.readers--;
      if (live.retired && live.readers === 0) live.db.close();
    }
  }

  async crossCounts(req: SearchRequest, rowField: FilterField, colField: FilterField): Promise<CrossCounts> {
    const started = performance.now();
    const r = { ...normalizeRequest(req), facets: false };
    const live = await this.require();
    const { rows } = this.match(live, r);
    return crossResult(live.reader.store.cross(rows, rowField, colField, r.filters), rows.length, round(performance.now() - started));
  }

  async getChunk(id: string): Promise<Chunk | null> {
    return (await this.require()).reader.chunkById(String(id));
  }

  async getDocChunks(docId: string): Promise<Chunk[]> {
    return (await this.require()).reader.docChunks(String(docId));
  }

  async listDocs(): Promise<DocMeta[]> {
    return (await this.require()).reader.docs();
  }

  async getDoc(id: string): Promise<DocMeta | null> {
    return (await this.require()).reader.doc(String(id));
  }

  /** Counts from the index file's own record, without loading it for searching. */
  async stats(): Promise<IndexStats> {
    const none = { chunks: 0, docs: 0, builtAt: null, backend: this.name };
    if (!fs.existsSync(this.opts.file)) return none;
    // A damaged index counts as none, so that it is rebuilt.
    const problem = await this.files.problem(this.opts.file);
    if (problem) return { ...none, notes: [/another version/.test(problem) ? problem : `The index cannot be read (${problem}).`] };
    let meta: Map<string, string>;
    let db: Database.Database | null = null;
    try {
      db = new Database(this.opts.file, { readonly: true, fileMustExist: true });
      meta = new Map(db.prepare('SELECT key, value FROM meta').raw().all() as [string, string][]);
    } catch (err) {
      // A damaged index counts as none, so that it is rebuilt.
      return { ...none, notes: [`The index cannot be read (${(err as Error).message}).`] };
    } finally {
      db?.close();
    }
    // An index this version cannot read counts as none, so that it is rebuilt.
    if (meta.get('schema') !== SCHEMA_VERSION) return { ...none, notes: ['The index was built by another version and must be rebuilt.'] };
    return {
      chunks: Number(meta.get('chunks') ?? 0),
      docs: Number(meta.get('docs') ?? 0),
      builtAt: meta.get('builtAt') ?? null,
      backend: this.name,
      sizeBytes: fs.statSync(this.opts.file).size,
      ...(meta.has('corpusDigest') ? { corpusDigest: meta.get('corpusDigest') } : {}),
    };
  }

  async health(): Promise<Health> {
    try {
      const live = await this.files.open();
      if (live?.fallback)
        return {
          ok: true,
          backend: this.name,
          message: `Serving the previous index. ${live.fallback}`,
          serving: { chunks: live.reader.size, docs: live.reader.docs().length },
        };
      return live ? { ok: true, backend: this.name } : { ok: false, backend: this.name, message: 'No index has been built yet.' };
    } catch (err) {
      return { ok: false, backend: this.name, message: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    this.dispose();
  }
}

/** The first `upTo` rows of a result in the order the request asks for. */
function ordered(live: Live, r: NormalizedRequest, rows: Int32Array, scores: Float64Array | null, upTo: number): number[] {
  const { store } = live.reader;
  if (r.sort === 'relevance' && scores) return topRows(rows, scores, upTo, true);
  if (r.sort === 'date' || r.sort === '-date') return topRows(rows, r.sort === 'date' ? store.newestFirst : store.oldestFirst, upTo);
  if (r.sort === '-report') return Array.from(rows.subarray(Math.max(0, rows.length - upTo))).reverse();
  return Array.from(rows.subarray(0, upTo));
}

/**
 * The first `k` rows by key (ascending; descending when `descending`), ties in report order. A
 * full sort of tens of thousands of matches is wasted work when a page needs twenty: a bounded,
 * sorted list is kept, and a row that cannot enter it costs one comparison.
 */
export function topRows(rows: Int32Array, key: Float64Array, k: number, descending = false): number[] {
  const sign = descending ? -1 : 1;
  if (k >= rows.length / 8)
    return Array.from(rows)
      .sort((a, b) => sign * (key[a] - key[b]) || a - b)
      .slice(0, k);
  const top: number[] = [];
  const vals: number[] = [];
  let worst = Infinity;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const v = sign * key[row];
    // Rows come in ascending order, so a tie with the worst kept row never displaces it.
    if (v >= worst) continue;
    let lo = 0;
    let hi = vals.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (vals[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, row);
    vals.splice(lo, 0, v);
    if (top.length > k) {
      top.pop();
      vals.pop();
    }
    if (top.length === k) worst = vals[k - 1];
  }
  return top;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
