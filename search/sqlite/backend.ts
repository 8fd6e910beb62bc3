// The embedded default backend: one SQLite file with an FTS5 index, needing no server.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Chunk, CrossCounts, DocMeta, FilterField, Health, IndexStats, SearchBackend, SearchRequest, SearchResult, Hit } from '../types';
import { FACET_FIELDS } from '../types';
import { IndexBuildError, SearchUnavailableError } from '../errors';
import { crossResult, normalizeRequest, orderFacet, totalPages, type NormalizedRequest } from '../fields';
import { parseQuery } from '../query';
import { highlight, snippet } from '../highlight';
import { FacetStore, type RowFacts } from './facet-store';
import { warmUp } from '../segment';
import { BM25_WEIGHTS, FTS_COLUMNS, buildMatch } from './match';
import { tokenizeRows } from './tokenize-pool';

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, json TEXT NOT NULL);
CREATE TABLE chunks (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc_id TEXT NOT NULL, facts TEXT NOT NULL, json TEXT NOT NULL);
CREATE INDEX chunks_doc ON chunks (doc_id, rid);
CREATE VIRTUAL TABLE fts USING fts5(${FTS_COLUMNS.join(', ')}, content='', tokenize='unicode61 remove_diacritics 0');
`;

interface Live {
  db: Database.Database;
  store: FacetStore;
  ino: number;
  mtimeMs: number;
  matchStmt: Database.Statement;
  rowidStmt: Database.Statement;
  chunkByRid: Database.Statement;
  chunkById: Database.Statement;
  chunksOfDoc: Database.Statement;
  docs: Database.Statement;
  docById: Database.Statement;
}

export interface SqliteOptions {
  /** Path of the index file; its directory is created when needed. */
  file: string;
  /** Called for each chunk while building, for progress bars. */
  onProgress?: (done: number, total: number) => void;
  /** Worker threads for tokenizing large corpora (default: cores - 1). */
  tokenizerThreads?: number;
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
    warmUp();
    const db = new Database(this.opts.file, { readonly: true, fileMustExist: true });
    const size = db.prepare('SELECT count(*) FROM chunks').pluck().get() as number;
    const facts = db.prepare('SELECT facts FROM chunks ORDER BY rid').pluck().iterate() as IterableIterator<string>;
    this.live = {
      db,
      store: new FacetStore(
        map(facts, (f) => JSON.parse(f) as RowFacts),
        size,
      ),
      ino: st.ino,
      mtimeMs: st.mtimeMs,
      matchStmt: db.prepare(`SELECT rowid, bm25(fts, ${BM25_WEIGHTS.join(', ')}) FROM fts WHERE fts MATCH ?`).raw(),
      rowidStmt: db.prepare('SELECT rowid FROM fts WHERE fts MATCH ?').pluck(),
      chunkByRid: db.prepare('SELECT json FROM chunks WHERE rid = ?').pluck(),
      // Prepared once per opened index: permalinks and report pages use them on every request.
      chunkById: db.prepare('SELECT json FROM chunks WHERE id = ?').pluck(),
      chunksOfDoc: db.prepare('SELECT json FROM chunks WHERE doc_id = ? ORDER BY rid').pluck(),
      docs: db.prepare('SELECT json FROM docs ORDER BY ord').pluck(),
      docById: db.prepare('SELECT json FROM docs WHERE id = ?').pluck(),
    };
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
      const insDoc = db.prepare('INSERT INTO docs (ord, id, json) VALUES (?, ?, ?)');
      const insChunk = db.prepare('INSERT INTO chunks (rid, id, doc_id, facts, json) VALUES (?, ?, ?, ?, ?)');
      const insFts = db.prepare(`INSERT INTO fts (rowid, ${FTS_COLUMNS.join(', ')}) VALUES (?, ${FTS_COLUMNS.map(() => '?').join(', ')})`);
      const insMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      // Merge FTS segments once at the end rather than while loading.
      db.exec("INSERT INTO fts(fts, rank) VALUES ('automerge', 0)");
      db.exec('BEGIN');
      docs.forEach((d, i) => insDoc.run(i, d.id, JSON.stringify(d)));
      const fields = ordered.map((c) => ({
        heading: c.heading,
        practices: c.practices.join(' '),
        text: c.text,
        docTitle: c.docTitle,
        sectionPath: c.sectionPath.join(' '),
      }));
      let rid = 0;
      for await (const batch of tokenizeRows(fields, this.opts.tokenizerThreads)) {
        for (const row of batch) {
          const c = ordered[rid++];
          const facts: RowFacts = {
            docId: c.docId,
            kind: c.kind,
            city: c.city,
            province: c.province,
            district: c.district,
            agencies: c.agencies,
            themes: c.themes,
            practices: c.practices,
            year: c.year,
            published: c.published,
          };
          insChunk.run(rid, c.id, c.docId, JSON.stringify(facts), JSON.stringify(c));
          insFts.run(rid, ...row);
          this.opts.onProgress?.(rid, ordered.length);
        }
      }
      insMeta.run('builtAt', new Date().toISOString());
      insMeta.run('chunks', String(ordered.length));
      insMeta.run('docs', String(docs.length));
      db.exec('COMMIT');
      db.exec("INSERT INTO fts(fts) VALUES ('optimize')");
      db.exec("INSERT INTO fts(fts, rank) VALUES ('automerge', 4)");
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

  /** The rows that match the query and filters, with facet counts and relevance scores where asked. */
  private match(live: Live, r: NormalizedRequest, withScores: boolean) {
    const { store } = live;
    const parsed = parseQuery(r.q);
    const plan = buildMatch(parsed);
    let candidates: Iterable<number>;
    let scores: Float64Array | null = null;
    if (plan.include && withScores) {
      const rows = live.matchStmt.all(plan.include) as [number, number][];
      scores = new Float64Array(store.size + 1);
      const matched: number[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        matched[i] = rows[i][0];
        scores[rows[i][0]] = rows[i][1];
      }
      candidates = matched.sort((a, b) => a - b);
    } else if (plan.include) {
      // Sorting by date or report order needs no relevance scores.
      candidates = (live.rowidStmt.all(plan.include) as number[]).sort((a, b) => a - b);
    } else if (parsed.include.length > 0) {
      candidates = [];
    } else {
      const excluded = plan.excludeOnly ? new Set((live.matchStmt.all(plan.excludeOnly) as [number, number][]).map((x) => x[0])) : null;
      candidates = allRows(store.size, excluded);
    }
    return { ...store.filterAndCount(candidates, r.filters, r.facets), scores, needles: parsed.include };
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const started = performance.now();
    const r = normalizeRequest(req);
    const live = this.require();
    const { rows, facets, scores, needles } = this.match(live, r, r.sort === 'relevance');
    const pages = totalPages(rows.length, r.perPage);
    const page = Math.min(r.page, pages);
    const key = scores ?? (r.sort === 'date' ? live.store.dateRank : null);
    const pageRows = key ? topRows(rows, key, page * r.perPage).slice((page - 1) * r.perPage) : rows.slice((page - 1) * r.perPage, page * r.perPage);
    const hits = pageRows.map((rid) => toHit(JSON.parse(live.chunkByRid.get(rid) as string) as Chunk, needles, r));
    const facetOut: SearchResult['facets'] = {};
    if (r.facets) for (const f of FACET_FIELDS) facetOut[f] = orderFacet(facets[f] ?? new Map(), r.filters[f]);
    return { total: rows.length, page, perPage: r.perPage, totalPages: pages, tookMs: round(performance.now() - started), hits, facets: facetOut };
  }

  async crossCounts(req: SearchRequest, rowField: FilterField, colField: FilterField): Promise<CrossCounts> {
    const started = performance.now();
    const r = { ...normalizeRequest(req), facets: false };
    const live = this.require();
    const { rows } = this.match(live, r, false);
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

  async stats(): Promise<IndexStats> {
    const live = this.open();
    if (!live) return { chunks: 0, docs: 0, builtAt: null, backend: this.name };
    const meta = new Map(live.db.prepare('SELECT key, value FROM meta').raw().all() as [string, string][]);
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

function* map<T, U>(items: Iterable<T>, f: (t: T) => U): Generator<U> {
  for (const t of items) yield f(t);
}

function* allRows(n: number, excluded: Set<number> | null): Generator<number> {
  for (let rid = 1; rid <= n; rid++) if (!excluded?.has(rid)) yield rid;
}

/**
 * The first `k` rows ordered by key (ascending, ties in report order). A full sort of tens of
 * thousands of matches is wasted work when a page needs twenty, so small k keeps a bounded list.
 */
export function topRows(rows: number[], key: ArrayLike<number>, k: number): number[] {
  const cmp = (a: number, b: number) => key[a] - key[b] || a - b;
  if (k >= rows.length / 8) return [...rows].sort(cmp).slice(0, k);
  const top: number[] = [];
  for (const row of rows) {
    if (top.length === k && cmp(row, top[k - 1]) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(top[mid], row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, row);
    if (top.length > k) top.pop();
  }
  return top;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

export function toHit(c: Chunk, needles: string[], opts: { withText?: boolean; withFigures?: boolean } = {}): Hit {
  const { text, figures, ...rest } = c;
  return {
    ...rest,
    ...(opts.withText ? { text } : {}),
    ...(opts.withFigures ? { figures } : {}),
    headingHtml: highlight(c.heading, needles),
    snippetHtml: snippet(text, needles),
    figureCount: figures.length,
  };
}
