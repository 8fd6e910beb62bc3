// An open index file: what searching needs in memory (facet columns, row lengths, contexts), the
// posting lists read on demand, and chunks put back together from their stored parts.
import type Database from 'better-sqlite3';
import type { Chunk, DocMeta } from '../../core/types';
import { SearchUnavailableError } from '../errors';
import { FacetStore, type RowFacts } from './facet-store';
import { decodeRows, type RowPositions, decodeWeights, decodePositions, positionsView } from './postings';
import { SCHEMA_VERSION, type StoredFacts, type StoredRest } from './schema';
import { B, K1, type IndexData, type RowBounds, type TokenList } from './matching';
import { ContextIndex, StringRows } from './contexts';
import { valueNames } from '../fields';
import { runInSlices, runNow, type Steps } from './steps';
import { fields, metadataFields } from '../../core/fields';
import type { Taxonomy } from '../../core/taxonomy';

interface RowRecord {
  doc: number;
  facts: StoredFacts;
}

/** What an open index holds in memory, read from its file. */
interface Parts {
  size: number;
  headLen: Int32Array;
  norm: Float32Array;
  contexts: ContextIndex;
  store: FacetStore;
  paths: string[][];
  titles: string[];
  pathOf: Int32Array;
  docOf: Int32Array;
  docList: DocMeta[];
}

/** Reads what searching needs into memory, a step at a time (see steps.ts). */
function* read(db: Database.Database, taxonomy: Taxonomy): Steps<Parts> {
  const version = db.prepare("SELECT value FROM meta WHERE key = 'schema'").pluck().get() as string | undefined;
  if (version !== SCHEMA_VERSION) throw new SearchUnavailableError('The index was built by another version: run "npm run kb -- index" to rebuild it.');
  const strings = db.prepare('SELECT value FROM strings ORDER BY sid').pluck().all() as string[];
  const paths = (db.prepare('SELECT json FROM paths ORDER BY pid').pluck().all() as string[]).map((p) => JSON.parse(p) as string[]);
  const docs = db.prepare('SELECT json, title, first_rid, last_rid FROM docs ORDER BY ord').raw().all() as [string, string, number, number][];
  const docList = docs.map(([j]) => JSON.parse(j) as DocMeta);
  const titles = docs.map(([, t]) => t);
  yield;
  const size = db.prepare('SELECT count(*) FROM rows').pluck().get() as number;
  const headLen = new Int32Array(size + 1);
  const len = new Int32Array(size + 1);
  const pathOf = new Int32Array(size + 1);
  const docOf = new Int32Array(size + 1);
  // Rows by speaker and by local agency name (string ids), for metadata words.
  const named = new Map<number, number[]>();
  let total = 0;
  const str = (id: number) => (id >= 0 ? strings[id] : undefined);
  const rowFacts = (r: RowRecord): RowFacts => {
    const values: Record<string, string[]> = Object.create(null);
    for (const [key, ids] of Object.entries(r.facts.v)) values[key] = ids.map((i) => strings[i]);
    return { values, published: str(r.facts.p) };
  };
  // The rows are read as the facet store is filled, a step at a time (the store takes the steps):
  // holding every row's facts first would cost a transient hundred megabytes at 100,000 rows.
  const rows = db.prepare('SELECT rid, doc, pid, head_len, len, facts FROM rows ORDER BY rid').raw().iterate() as IterableIterator<
    [number, number, number, number, number, string]
  >;
  function* facts(): Generator<RowFacts> {
    for (const [rid, doc, pid, h, l, f] of rows) {
      pathOf[rid] = pid;
      docOf[rid] = doc;
      headLen[rid] = h;
      len[rid] = l;
      total += l;
      const stored = JSON.parse(f) as StoredFacts;
      for (const id of [stored.s, ...stored.n]) {
        if (id < 0) continue;
        const list = named.get(id);
        if (list) list.push(rid);
        else named.set(id, [rid]);
      }
      yield rowFacts({ doc, facts: stored });
    }
  }
  const store = yield* FacetStore.steps(facts(), size);
  const avgLen = size ? total / size : 1;
  const norm = new Float32Array(size + 1);
  for (let r = 1; r <= size; r++) norm[r] = K1 * (1 - B + (B * len[r]) / avgLen);
  const rowsByPath = paths.map(() => [] as number[]);
  for (let r = 1; r <= size; r++) rowsByPath[pathOf[r]].push(r);
  yield;
  const range = (first: number, last: number) => Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i);
  const shared = new StringRows([
    ...docs.map(([, title, first, last]) => ({ text: title, rows: range(first, last) })),
    ...paths.map((p, pid) => ({ text: p.join('\n'), rows: rowsByPath[pid] })),
  ]);
  yield;
  const metadata = new StringRows([
    ...metadataFields().flatMap((f) => store.valuesOf(f).flatMap((v) => valueNames(f, v, taxonomy).map((text) => ({ text, rows: store.rowsWith(f, v) })))),
    ...[...named].map(([id, rows]) => ({ text: strings[id], rows })),
  ]);
  const contexts = new ContextIndex([shared, metadata], size);
  return { size, headLen, norm, contexts, store, paths, titles, pathOf, docOf, docList };
}

export class IndexReader implements IndexData {
  readonly size: number;
  readonly headLen: Int32Array;
  readonly norm: Float32Array;
  readonly contexts: ContextIndex;
  readonly store: FacetStore;
  /** Section paths by path id. */
  private readonly paths: string[][];
  private readonly titles: string[];
  private readonly pathOf: Int32Array;
  private readonly docOf: Int32Array;
  private readonly docList: DocMeta[];
  private readonly docIndex: Map<string, number>;
  private readonly stmt: Record<'term' | 'range' | 'row' | 'ridOf' | 'docRows', Database.Statement>;

  /** Reads the index into memory now; `parts` when they were read already (see `load`). */
  constructor(
    readonly db: Database.Database,
    taxonomy: Taxonomy,
    parts: Parts = runNow(read(db, taxonomy)),
  ) {
    ({
      size: this.size,
      headLen: this.headLen,
      norm: this.norm,
      contexts: this.contexts,
      store: this.store,
      paths: this.paths,
      titles: this.titles,
      pathOf: this.pathOf,
      docOf: this.docOf,
      docList: this.docList,
    } = parts);
    this.docIndex = new Map(this.docList.map((d, i) => [d.id, i]));
    this.stmt = {
      term: db.prepare('SELECT df, docs, pos FROM terms WHERE key = ?').raw(),
      range: db.prepare('SELECT key, df, docs, pos FROM terms WHERE key >= ? AND key < ?').raw(),
      row: db.prepare('SELECT id, rest, text FROM chunks WHERE rid = ?').raw(),
      ridOf: db.prepare('SELECT rid FROM chunks WHERE id = ?').pluck(),
      docRows: db.prepare('SELECT first_rid, last_rid FROM docs WHERE id = ?').raw(),
    };
  }

  /** Reads the index into memory in slices of a few milliseconds, letting the event loop turn between them. */
  static async load(db: Database.Database, taxonomy: Taxonomy): Promise<IndexReader> {
    return new IndexReader(db, taxonomy, await runInSlices(read(db, taxonomy)));
  }

  postings(key: number): TokenList | null {
    const row = this.stmt.term.get(key) as [number, Buffer, Buffer] | undefined;
    return row ? { key, rows: decodeRows(row[0], row[1]), pos: positionsView(row[2]) } : null;
  }

  range(lo: number, hi: number): TokenList[] {
    return (this.stmt.range.all(lo, hi) as [number, number, Buffer, Buffer][]).map(([key, df, docs, pos]) => ({
      key,
      rows: decodeRows(df, docs),
      pos: positionsView(pos),
    }));
  }

  weights(list: TokenList, candidates: Int32Array, headWeight: number): Float32Array {
    return decodeWeights(list.rows, list.pos, this.headLen, candidates, headWeight);
  }

  positions(list: TokenList, candidates: Int32Array): RowPositions {
    return decodePositions(list.rows, list.pos, candidates);
  }

  /** Every row's bounds, read at the first scoped search (a few bytes a row). */
  private boundsOf: RowBounds[] | null = null;

  bounds(rid: number): RowBounds {
    if (!this.boundsOf) {
      const none: RowBounds = { head: 0, sentences: new Uint16Array(0), paragraphs: new Uint16Array(0) };
      const all: RowBounds[] = new Array<RowBounds>(this.size + 1).fill(none);
      for (const [r, head, blob] of this.db.prepare('SELECT rid, head, units FROM bounds').raw().iterate() as IterableIterator<[number, number, Buffer]>) {
        const units = positionsView(blob);
        all[r] = { head, sentences: units.subarray(1, 1 + units[0]), paragraphs: units.subarray(1 + units[0]) };
      }
      this.boundsOf = all;
    }
    return this.boundsOf[rid] ?? this.boundsOf[0];
  }

  /** The chunk stored at a row, whole. */
  chunkAt(rid: number): Chunk | null {
    const row = this.stmt.row.get(rid) as [string, string, Buffer] | undefined;
    if (!row) return null;
    const [id, restJson, text] = row;
    const facts = this.store.factsAt(rid);
    const rest = JSON.parse(restJson) as StoredRest;
    const sectionPath = [...this.paths[this.pathOf[rid]]];
    const chunk = { id, docTitle: this.titles[this.docOf[rid]], sectionPath, ...rest, published: facts.published, text: text.toString('utf16le') } as Chunk;
    for (const f of fields()) if (f.write && facts.values[f.key]) f.write(chunk, facts.values[f.key]);
    for (const k of Object.keys(chunk) as (keyof Chunk)[]) if (chunk[k] === undefined) delete chunk[k];
    return chunk;
  }

  chunkById(id: string): Chunk | null {
    const rid = this.stmt.ridOf.get(id) as number | undefined;
    return rid === undefined ? null : this.chunkAt(rid);
  }

  docChunks(docId: string): Chunk[] {
    const range = this.stmt.docRows.get(docId) as [number, number] | undefined;
    if (!range) return [];
    const out: Chunk[] = [];
    for (let rid = range[0]; rid <= range[1]; rid++) {
      const c = this.chunkAt(rid);
      if (c) out.push(c);
    }
    return out;
  }

  docs(): DocMeta[] {
    return this.docList.map((d) => ({ ...d }));
  }

  doc(id: string): DocMeta | null {
    const i = this.docIndex.get(id);
    return i === undefined ? null : { ...this.docList[i] };
  }
}
