// The embedded default backend: one SQLite file holding the chunks and their posting lists, needing no server.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Chunk, CrossCounts, DocMeta, FilterField, Health, IndexStats, SearchBackend, SearchRequest, SearchResult } from '../types';
import { FACET_FIELDS } from '../types';
import { IndexBuildError, SearchUnavailableError } from '../errors';
import { crossResult, normalizeRequest, orderFacet, totalPages, type NormalizedRequest } from '../fields';
import { parseQuery } from '../query';
import { toHit } from '../highlight';
import { fold } from '../normalize';
import { FacetStore, type RowFacts } from './facet-store';
import { Evaluator, decodePostings, type IndexData } from './evaluate';
import { SCHEMA, SCHEMA_VERSION, writeIndex } from './schema';

interface Live {
  db: Database.Database;
  store: FacetStore;
  evaluator: Evaluator;
  ino: number;
  mtimeMs: number;
  chunkByRid: Database.Statement;
  chunkById: Database.Statement;
  chunksOfDoc: Database.Statement;
  docs: Database.Statement;
  docById: Database.Statement;
}

export interface SqliteOptions {
  /** Path of the index file; its directory is created when needed. */
  file: string;
  /** Called as chunks are loaded while building, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

export class SqliteBackend implements SearchBackend {
  readonly name = 'sqlite';
  private live: Live | null = null;

  constructor(private readonly opts: SqliteOptions) {}

  private open(): Live | null {
    let st: fs.Stats;
    try {
      st = fs.statSync(this.opts.file);
    } catch {
      this.dispose();
      return null;
    }
    // Another process may have swapped a new index in; pick it up on the next request.
    if (this.live && this.live.ino === st.ino && this.live.mtimeMs === st.mtimeMs) return this.live;
    this.dispose();
    const db = new Database(this.opts.file, { readonly: true, fileMustExist: true });
    try {
      this.live = openLive(db, st);
    } catch (err) {
      db.close();
      throw err;
    }
    return this.live;
  }

  private require(): Live {
    const live = this.open();
    if (!live) throw new SearchUnavailableError(`No index at ${this.opts.file}: run "npm run kb -- index" first.`);
    return live;
  }

  private dispose(): void {
    this.live?.db.close();
    this.live = null;
  }

  async replaceAll(docs: DocMeta[], chunks: Chunk[]): Promise<IndexStats> {
    const dir = path.dirname(this.opts.file);
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${this.opts.file}.building-${process.pid}-${Date.now()}`;
    const docOrder = new Map(docs.map((d, i) => [d.id, i]));
    const ordered = [...chunks].sort((a, b) => (docOrder.get(a.docId) ?? 0) - (docOrder.get(b.docId) ?? 0) || a.position - b.position);
    let db: Database.Database | null = null;
    try {
      db = new Database(tmp);
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      db.exec(SCHEMA);
      await writeIndex(db, docs, ordered, this.opts.onProgress);
      db.close();
      db = null;
      // rename() replaces the live file in one step; open readers keep the old one until they reopen.
      fs.renameSync(tmp, this.opts.file);
    } catch (err) {
      db?.close();
      fs.rmSync(tmp, { force: true });
      throw new IndexBuildError(`Building the index failed; the previous index is still being served. ${(err as Error).message}`, { cause: err });
    }
    this.dispose();
    return this.stats();
  }

  /** The rows that match the query and filters, with facet counts and relevance scores. */
  private match(live: Live, r: NormalizedRequest) {
    const parsed = parseQuery(r.q);
    const { rows, scores } = live.evaluator.evaluate(parsed);
    return { ...live.store.filterAndCount(rows, r.filters, r.facets), scores, needles: parsed.include };
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const started = performance.now();
    const r = normalizeRequest(req);
    const live = this.require();
    const { rows, facets, scores, needles } = this.match(live, r);
    const pages = totalPages(rows.length, r.perPage);
    const page = Math.min(r.page, pages);
    const from = (page - 1) * r.perPage;
    const pageRows =
      r.sort === 'relevance' && scores
        ? topRows(rows, (row) => -scores[row], page * r.perPage).slice(from)
        : r.sort === 'date'
          ? topRows(rows, (row) => live.store.dateRank[row], page * r.perPage).slice(from)
          : Array.from(rows.subarray(from, from + r.perPage));
    const hits = pageRows.map((rid) => toHit(JSON.parse(live.chunkByRid.get(rid) as string) as Chunk, needles, r));
    const facetOut: SearchResult['facets'] = {};
    if (r.facets) for (const f of FACET_FIELDS) facetOut[f] = orderFacet(facets[f] ?? new Map(), r.filters[f]);
    return { total: rows.length, page, perPage: r.perPage, totalPages: pages, tookMs: round(performance.now() - started), hits, facets: facetOut };
  }

  async crossCounts(req: SearchRequest, rowField: FilterField, colField: FilterField): Promise<CrossCounts> {
    const started = performance.now();
    const r = { ...normalizeRequest(req), facets: false };
    const live = this.require();
    const { rows } = this.match(live, r);
    return crossResult(live.store.cross(rows, rowField, colField, r.filters), rows.length, round(performance.now() - started));
  }

  async getChunk(id: string): Promise<Chunk | null> {
    const json = this.require().chunkById.get(String(id)) as string | undefined;
    return json ? (JSON.parse(json) as Chunk) : null;
  }

  async getDocChunks(docId: string): Promise<Chunk[]> {
    const rows = this.require().chunksOfDoc.all(String(docId)) as string[];
    return rows.map((j) => JSON.parse(j) as Chunk);
  }

  async listDocs(): Promise<DocMeta[]> {
    return (this.require().docs.all() as string[]).map((j) => JSON.parse(j) as DocMeta);
  }

  async getDoc(id: string): Promise<DocMeta | null> {
    const json = this.require().docById.get(String(id)) as string | undefined;
    return json ? (JSON.parse(json) as DocMeta) : null;
  }

  /** Counts from the index file's own record, without loading it for searching. */
  async stats(): Promise<IndexStats> {
    const none = { chunks: 0, docs: 0, builtAt: null, backend: this.name };
    if (!fs.existsSync(this.opts.file)) return none;
    const db = this.live?.db ?? new Database(this.opts.file, { readonly: true, fileMustExist: true });
    let meta: Map<string, string>;
    try {
      meta = new Map(db.prepare('SELECT key, value FROM meta').raw().all() as [string, string][]);
    } finally {
      if (db !== this.live?.db) db.close();
    }
    // An index this version cannot read counts as none, so that it is rebuilt.
    if (meta.get('schema') !== SCHEMA_VERSION) return { ...none, notes: ['The index was built by another version and must be rebuilt.'] };
    return {
      chunks: Number(meta.get('chunks') ?? 0),
      docs: Number(meta.get('docs') ?? 0),
      builtAt: meta.get('builtAt') ?? null,
      backend: this.name,
      sizeBytes: fs.statSync(this.opts.file).size,
    };
  }

  async health(): Promise<Health> {
    try {
      const live = this.open();
      return live ? { ok: true, backend: this.name } : { ok: false, backend: this.name, message: 'No index has been built yet.' };
    } catch (err) {
      return { ok: false, backend: this.name, message: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    this.dispose();
  }
}

function openLive(db: Database.Database, st: fs.Stats): Live {
  const version = db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get() as string | undefined;
  if (version !== SCHEMA_VERSION) throw new SearchUnavailableError('The index was built by an older version: run "npm run kb -- index" to rebuild it.');
  const size = db.prepare('SELECT count(*) FROM rows').pluck().get() as number;
  const headLen = new Int32Array(size + 1);
  const len = new Int32Array(size + 1);
  const cidOf = new Int32Array(size + 1);
  let total = 0;
  function* facts(): Generator<RowFacts> {
    for (const [rid, cid, h, l, f] of db.prepare('SELECT rid, cid, head_len, len, facts FROM rows ORDER BY rid').raw().iterate() as IterableIterator<
      [number, number, number, number, string]
    >) {
      cidOf[rid] = cid;
      headLen[rid] = h;
      len[rid] = l;
      total += l;
      yield JSON.parse(f) as RowFacts;
    }
  }
  const store = new FacetStore(facts(), size);
  const contexts = (db.prepare('SELECT text FROM contexts ORDER BY cid').pluck().all() as string[]).map((t) => fold(t).replace(/\s+/gu, ' ').trim());
  const termStmt = db.prepare('SELECT df, docs, codes FROM terms WHERE key = ?').raw();
  const rangeStmt = db.prepare('SELECT key, df, docs, codes FROM terms WHERE key >= ? AND key < ?').raw();
  const posStmt = db.prepare('SELECT pos FROM positions WHERE key = ?').pluck();
  const data: IndexData = {
    size,
    headLen,
    len,
    avgLen: size ? total / size : 1,
    cidOf,
    contexts,
    postings(key) {
      const row = termStmt.get(key) as [number, Buffer, Buffer] | undefined;
      return row ? decodePostings(row[0], row[1], row[2]) : null;
    },
    range(lo, hi) {
      return (rangeStmt.all(lo, hi) as [number, number, Buffer, Buffer][]).map(([key, df, docs, codes]) => ({
        key,
        postings: decodePostings(df, docs, codes),
      }));
    },
    positions(key) {
      return (posStmt.get(key) as Buffer | undefined) ?? null;
    },
  };
  return {
    db,
    store,
    evaluator: new Evaluator(data),
    ino: st.ino,
    mtimeMs: st.mtimeMs,
    chunkByRid: db.prepare('SELECT json FROM chunks WHERE rid = ?').pluck(),
    // Prepared once per opened index: permalinks and report pages use them on every request.
    chunkById: db.prepare('SELECT json FROM chunks WHERE id = ?').pluck(),
    chunksOfDoc: db.prepare('SELECT c.json FROM docs d JOIN chunks c ON c.rid BETWEEN d.first_rid AND d.last_rid WHERE d.id = ? ORDER BY c.rid').pluck(),
    docs: db.prepare('SELECT json FROM docs ORDER BY ord').pluck(),
    docById: db.prepare('SELECT json FROM docs WHERE id = ?').pluck(),
  };
}

/**
 * The first `k` rows ordered by key (ascending, ties in report order). A full sort of tens of
 * thousands of matches is wasted work when a page needs twenty, so a bounded list is kept.
 */
export function topRows(rows: Int32Array, key: (row: number) => number, k: number): number[] {
  const cmp = (a: number, b: number) => key(a) - key(b) || a - b;
  if (k >= rows.length / 8) return Array.from(rows).sort(cmp).slice(0, k);
  const top: number[] = [];
  let worst = Infinity;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const v = key(row);
    if (top.length === k && (v > worst || (v === worst && row > top[k - 1]))) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(top[mid], row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, row);
    if (top.length > k) top.pop();
    worst = key(top[top.length - 1]);
  }
  return top;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
