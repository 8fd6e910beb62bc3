// The filter fields of every chunk held in memory twice over: by row (the value ids of each row, for
// counting facets over a set of rows) and by value (the rows of each value, for filtering by set
// intersection). Disjunctive counts then cost one pass over a set of rows per facet.
import type { Chunk, FacetField, FilterField, Filters } from '../../core/types';
import { facetFields, fields, filterFields } from '../../core/fields';
import { Column } from './facet-column';
import { NO_ROWS, allRows, intersectAll } from './rowsets';
import { runNow, type Steps } from './steps';

/** A row's filter values by field, and its report's date (for sorting). */
export interface RowFacts {
  values: Record<FilterField, string[]>;
  published?: string;
}

export function factsOf(c: Chunk): RowFacts {
  const values: Record<FilterField, string[]> = Object.create(null);
  for (const f of fields()) values[f.key] = f.read(c);
  return { values, published: c.published };
}

export interface CountResult {
  /** Rows that pass every filter, ascending. */
  rows: Int32Array;
  facets: Partial<Record<FacetField, Map<string, number>>>;
}

/** Facet fields that hold one value per report (city, province, year): counted per report. */
interface PerDoc {
  fields: FacetField[];
  /** The value id of each field for each report. */
  valueOf: Int32Array[];
}

/** The facet fields with several values per row, as one row-major list of (field offset + value id). */
interface Packed {
  fields: FacetField[];
  offsets: number[];
  start: Int32Array;
  vals: Int32Array;
  /** Number of distinct (field, value) ids. */
  size: number;
}

/** The columns filled from every row, and each row's date. */
interface Filled {
  columns: Map<FilterField, Column>;
  published: string[];
  publishedOf: Int32Array;
  dates: Map<string, number>;
}

/** Rows taken in between two steps of a build in slices. */
const ROWS_PER_STEP = 256;

function* fill(keys: FilterField[], rows: Iterable<RowFacts>, size: number): Steps<Filled> {
  const columns = new Map(keys.map((f) => [f, new Column(size + 1)]));
  const dates = new Map<string, number>();
  const published: string[] = [];
  const publishedOf = new Int32Array(size + 1);
  let row = 0;
  for (const r of rows) {
    row++;
    for (const [f, col] of columns) col.add(row, r.values[f] ?? []);
    const d = r.published ?? '';
    let id = dates.get(d);
    if (id === undefined) {
      dates.set(d, (id = dates.size));
      published.push(d);
    }
    publishedOf[row] = id;
    if (row % ROWS_PER_STEP === 0) yield;
  }
  for (const col of columns.values()) {
    col.finish(size);
    yield;
  }
  return { columns, published, publishedOf, dates };
}

export class FacetStore {
  /** The same store built a step at a time (see steps.ts). */
  static *steps(rows: Iterable<RowFacts>, size: number): Steps<FacetStore> {
    const filled = yield* fill(filterFields(), rows, size);
    yield;
    return new FacetStore([], size, filled);
  }

  private readonly columns: Map<FilterField, Column>;
  private readonly perDoc: PerDoc;
  private readonly packed: Packed;
  /** Rows are numbered 1..size in report order. */
  readonly size: number;
  /** The filter and facet fields registered when the store was built: an index knows only these. */
  private readonly keys: FilterField[] = filterFields();
  private readonly facetKeys: FacetField[] = facetFields();
  /** Sort keys: newest report first / oldest first (undated reports last), reading order within a report. */
  readonly newestFirst: Float64Array;
  readonly oldestFirst: Float64Array;
  private readonly published: string[];
  private readonly publishedOf: Int32Array;

  /** Reads the rows one at a time (rows are numbered 1..size in the order given); `filled` when they were read already. */
  constructor(rows: Iterable<RowFacts>, size: number, filled?: Filled) {
    this.size = size;
    const { columns, published, publishedOf, dates } = filled ?? runNow(fill(this.keys, rows, size));
    this.columns = columns;
    this.published = published;
    this.publishedOf = publishedOf;
    this.perDoc = this.findPerDoc();
    this.packed = this.pack(this.facetKeys.filter((f) => !this.perDoc.fields.includes(f)));
    const dated = [...dates.keys()].filter(Boolean).sort();
    const rank = (order: string[]) => {
      const rankOfDate = new Int32Array(dates.size).fill(order.length);
      order.forEach((d, i) => (rankOfDate[dates.get(d) as number] = i));
      const key = new Float64Array(size + 1);
      for (let r = 1; r <= size; r++) key[r] = rankOfDate[this.publishedOf[r]] * (size + 1) + r;
      return key;
    };
    this.newestFirst = rank([...dated].reverse());
    this.oldestFirst = rank(dated);
  }

  private col(f: FilterField): Column {
    return this.columns.get(f) as Column;
  }

  private findPerDoc(): PerDoc {
    const doc = this.col('doc').single as Int32Array;
    const docs = this.col('doc').dict.length;
    const out: PerDoc = { fields: [], valueOf: [] };
    for (const f of this.facetKeys) {
      const single = this.col(f).single;
      if (!single) continue;
      const valueOf = new Int32Array(docs).fill(-2);
      let ok = true;
      for (let r = 1; r <= this.size && ok; r++) {
        const d = doc[r];
        if (valueOf[d] === -2) valueOf[d] = single[r];
        else ok = valueOf[d] === single[r];
      }
      if (ok) {
        out.fields.push(f);
        out.valueOf.push(valueOf);
      }
    }
    return out;
  }

  private pack(fields: FacetField[]): Packed {
    const offsets: number[] = [];
    let total = 0;
    for (const f of fields) {
      offsets.push(total);
      total += this.col(f).dict.length;
    }
    const start = new Int32Array(this.size + 2);
    let n = 0;
    for (let r = 1; r <= this.size; r++) for (const f of fields) n += this.col(f).start[r + 1] - this.col(f).start[r];
    const vals = new Int32Array(n);
    n = 0;
    for (let r = 1; r <= this.size; r++) {
      start[r] = n;
      fields.forEach((f, i) => {
        const col = this.col(f);
        for (let j = col.start[r]; j < col.start[r + 1]; j++) vals[n++] = offsets[i] + col.vals[j];
      });
    }
    start[this.size + 1] = n;
    return { fields, offsets, start, vals, size: total };
  }

  /** Counts of several facet fields over one set of rows: per report for per-report fields, one pass for the rest. */
  private countFields(fields: FacetField[], rows: Int32Array | null): Map<FacetField, Int32Array> {
    const out = new Map<FacetField, Int32Array>();
    const perDoc = fields.filter((f) => this.perDoc.fields.includes(f));
    const rest = fields.filter((f) => !perDoc.includes(f));
    if (perDoc.length) {
      const docCounts = this.col('doc').countOver(rows);
      for (const f of perDoc) {
        const valueOf = this.perDoc.valueOf[this.perDoc.fields.indexOf(f)];
        const counts = new Int32Array(this.col(f).dict.length);
        for (let d = 0; d < docCounts.length; d++) if (docCounts[d] && valueOf[d] >= 0) counts[valueOf[d]] += docCounts[d];
        out.set(f, counts);
      }
    }
    if (rows && rest.length === this.packed.fields.length && rest.length > 1) {
      const { start, vals, offsets } = this.packed;
      const all = new Int32Array(this.packed.size);
      for (let k = 0; k < rows.length; k++) {
        const row = rows[k];
        for (let i = start[row], e = start[row + 1]; i < e; i++) all[vals[i]]++;
      }
      this.packed.fields.forEach((f, i) => out.set(f, all.subarray(offsets[i], offsets[i] + this.col(f).dict.length)));
    } else for (const f of rest) out.set(f, this.col(f).countOver(rows));
    return out;
  }

  /** Every value of a field. */
  valuesOf(field: FilterField): string[] {
    return [...this.col(field).dict];
  }

  /** The rows having a value. */
  rowsWith(field: FilterField, value: string): Int32Array {
    return this.col(field).rowsOf([value]);
  }

  /** A row's facts, as stored. */
  factsAt(row: number): RowFacts {
    const values: Record<FilterField, string[]> = Object.create(null);
    for (const f of this.columns.keys()) values[f] = this.col(f).values(row);
    return { values, published: this.published[this.publishedOf[row]] || undefined };
  }

  /** Counts each (row value, column value) pair over the rows, keeping only selected values where a field has a selection. */
  cross(rows: Int32Array, rowField: FilterField, colField: FilterField, filters: Filters): Map<string, Map<string, number>> {
    const rc = this.col(rowField);
    const cc = this.col(colField);
    const keep = (col: Column, field: FilterField) => {
      const selected = filters[field];
      if (!selected?.length) return null;
      const ok = new Uint8Array(col.dict.length);
      for (const v of selected) {
        const id = col.idOf(v);
        if (id !== undefined) ok[id] = 1;
      }
      return ok;
    };
    const keepRow = keep(rc, rowField);
    const keepCol = keep(cc, colField);
    const counts = new Map<number, Int32Array>();
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k];
      for (let i = rc.start[row], ie = rc.start[row + 1]; i < ie; i++) {
        const r = rc.vals[i];
        if (keepRow && !keepRow[r]) continue;
        let cells = counts.get(r);
        if (!cells) counts.set(r, (cells = new Int32Array(cc.dict.length + 1)));
        // The last slot counts the row's chunks, whatever their columns.
        cells[cc.dict.length]++;
        for (let j = cc.start[row], je = cc.start[row + 1]; j < je; j++) if (!keepCol || keepCol[cc.vals[j]]) cells[cc.vals[j]]++;
      }
    }
    const out = new Map<string, Map<string, number>>();
    for (const [r, cells] of counts) {
      const m = new Map<string, number>([['', cells[cc.dict.length]]]);
      cells.forEach((n, c) => c < cc.dict.length && n > 0 && m.set(cc.dict[c], n));
      out.set(rc.dict[r], m);
    }
    return out;
  }

  /**
   * Applies the filters to the candidate rows (null: every row) and counts facet values
   * disjunctively: a field's counts ignore that field's own selection.
   */
  filterAndCount(candidates: Int32Array | null, filters: Filters, countFacets: boolean): CountResult {
    // A field registered after this index was built has no values in it: its filter matches nothing.
    const active = filterFields()
      .filter((f) => filters[f]?.length)
      .map((field) => ({ field, rows: this.columns.has(field) ? this.col(field).rowsOf(filters[field] as string[]) : NO_ROWS }));
    const main = intersectAll([candidates, ...active.map((a) => a.rows)]);
    const facets: CountResult['facets'] = {};
    if (countFacets) {
      // Fields without a selection are counted over the result; a selected field over the rows
      // that pass every other filter.
      const counts = this.countFields(
        this.facetKeys.filter((f) => !active.some((a) => a.field === f)),
        main,
      );
      for (const own of active) {
        if (!this.facetKeys.includes(own.field)) continue;
        const f = own.field as FacetField;
        const over = intersectAll([candidates, ...active.filter((a) => a !== own).map((a) => a.rows)]);
        counts.set(f, this.countFields([f], over).get(f) as Int32Array);
      }
      for (const f of this.facetKeys) {
        const dict = this.col(f).dict;
        const m = new Map<string, number>();
        (counts.get(f) as Int32Array).forEach((n, id) => n > 0 && m.set(dict[id], n));
        facets[f] = m;
      }
    }
    return { rows: main ?? allRows(this.size), facets };
  }
}
