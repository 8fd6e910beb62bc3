// The filter fields of every chunk held in memory twice over: by row (the value ids of each row, for
// counting facets over a set of rows) and by value (the rows of each value, for filtering by set
// intersection). Disjunctive counts then cost one pass over a set of rows per facet.
import type { Chunk, FacetField, FilterField, Filters } from '../../core/types';
import { FACET_FIELDS, FILTER_FIELDS, type ChunkKind } from '../../core/types';
import { fieldValues } from '../fields';
import { NO_ROWS, allRows, intersectAll, union } from './rowsets';

class Column {
  readonly dict: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Row r's value ids are vals[start[r]..start[r+1]). */
  start: Int32Array;
  vals: Int32Array;
  /** Each row's only value id (-1 for none), when no row has two. */
  single: Int32Array | null = null;
  /** Value v's rows are byValue[valueStart[v]..valueStart[v+1]), ascending. */
  valueStart: Int32Array = NO_ROWS;
  byValue: Int32Array = NO_ROWS;
  private count = 0;

  constructor(rows: number) {
    this.start = new Int32Array(rows + 2);
    this.vals = new Int32Array(Math.max(16, rows));
  }

  add(row: number, values: string[]): void {
    this.start[row] = this.count;
    for (const v of values) {
      let id = this.ids.get(v);
      if (id === undefined) {
        id = this.dict.length;
        this.dict.push(v);
        this.ids.set(v, id);
      }
      if (this.count === this.vals.length) {
        const grown = new Int32Array(this.vals.length * 2);
        grown.set(this.vals);
        this.vals = grown;
      }
      this.vals[this.count++] = id;
    }
    this.start[row + 1] = this.count;
  }

  /** Builds the by-value lists and the single-value column once every row is added. */
  finish(size: number): void {
    const valueStart = new Int32Array(this.dict.length + 1);
    for (let i = 0; i < this.count; i++) valueStart[this.vals[i] + 1]++;
    for (let v = 0; v < this.dict.length; v++) valueStart[v + 1] += valueStart[v];
    const fill = valueStart.slice(0, this.dict.length);
    const byValue = new Int32Array(this.count);
    let single: Int32Array | null = new Int32Array(size + 1).fill(-1);
    for (let r = 1; r <= size; r++) {
      const n = this.start[r + 1] - this.start[r];
      if (n > 1) single = null;
      else if (n === 1 && single) single[r] = this.vals[this.start[r]];
      for (let i = this.start[r]; i < this.start[r + 1]; i++) byValue[fill[this.vals[i]]++] = r;
    }
    this.valueStart = valueStart;
    this.byValue = byValue;
    this.single = single;
  }

  idOf(value: string): number | undefined {
    return this.ids.get(value);
  }

  /** The rows having any of the values. */
  rowsOf(values: string[]): Int32Array {
    let out = NO_ROWS;
    for (const v of values) {
      const id = this.ids.get(v);
      if (id !== undefined) out = union(out, this.byValue.subarray(this.valueStart[id], this.valueStart[id + 1]));
    }
    return out;
  }

  /** How many of the rows (null: all rows) have each value, by value id. */
  countOver(rows: Int32Array | null): Int32Array {
    const counts = new Int32Array(this.dict.length);
    if (rows === null) {
      for (let v = 0; v < counts.length; v++) counts[v] = this.valueStart[v + 1] - this.valueStart[v];
      return counts;
    }
    const { single, start, vals } = this;
    if (single) {
      for (let k = 0; k < rows.length; k++) {
        const v = single[rows[k]];
        if (v >= 0) counts[v]++;
      }
      return counts;
    }
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k];
      for (let i = start[row], e = start[row + 1]; i < e; i++) counts[vals[i]]++;
    }
    return counts;
  }

  values(row: number): string[] {
    const out: string[] = [];
    for (let i = this.start[row]; i < this.start[row + 1]; i++) out.push(this.dict[this.vals[i]]);
    return out;
  }
}

export interface RowFacts {
  docId: string;
  kind: ChunkKind;
  city?: string;
  province?: string;
  district?: string;
  agencies: string[];
  themes: string[];
  practices: string[];
  year?: number;
  published?: string;
}

export function factsOf(c: Chunk): RowFacts {
  return {
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

export class FacetStore {
  private readonly columns = new Map<FilterField, Column>();
  private readonly perDoc: PerDoc;
  private readonly packed: Packed;
  /** Rows are numbered 1..size in report order. */
  readonly size: number;
  /** Sort keys: newest report first / oldest first (undated reports last), reading order within a report. */
  readonly newestFirst: Float64Array;
  readonly oldestFirst: Float64Array;
  private readonly published: string[] = [];
  private readonly publishedOf: Int32Array;

  /** Reads the rows one at a time (rows are numbered 1..size in the order given). */
  constructor(rows: Iterable<RowFacts>, size: number) {
    this.size = size;
    for (const f of FILTER_FIELDS) this.columns.set(f, new Column(size + 1));
    const dates = new Map<string, number>();
    this.publishedOf = new Int32Array(size + 1);
    let row = 0;
    for (const r of rows) {
      row++;
      for (const f of FILTER_FIELDS) this.col(f).add(row, fieldValues(r, f));
      const d = r.published ?? '';
      let id = dates.get(d);
      if (id === undefined) {
        dates.set(d, (id = dates.size));
        this.published.push(d);
      }
      this.publishedOf[row] = id;
    }
    for (const f of FILTER_FIELDS) this.col(f).finish(size);
    this.perDoc = this.findPerDoc();
    this.packed = this.pack(FACET_FIELDS.filter((f) => !this.perDoc.fields.includes(f)));
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
    for (const f of FACET_FIELDS) {
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
    const one = (f: FilterField) => this.col(f).values(row)[0];
    const year = one('year');
    return {
      docId: one('doc'),
      kind: one('kind') as ChunkKind,
      city: one('city'),
      province: one('province'),
      district: one('district'),
      agencies: this.col('agency').values(row),
      themes: this.col('theme').values(row),
      practices: this.col('practice').values(row),
      year: year === undefined ? undefined : Number(year),
      published: this.published[this.publishedOf[row]] || undefined,
    };
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
    const active = FILTER_FIELDS.filter((f) => filters[f]?.length).map((field) => ({ field, rows: this.col(field).rowsOf(filters[field] as string[]) }));
    const main = intersectAll([candidates, ...active.map((a) => a.rows)]);
    const facets: CountResult['facets'] = {};
    if (countFacets) {
      // Fields without a selection are counted over the result; a selected field over the rows
      // that pass every other filter.
      const counts = this.countFields(
        FACET_FIELDS.filter((f) => !active.some((a) => a.field === f)),
        main,
      );
      for (const own of active) {
        if (!(FACET_FIELDS as readonly FilterField[]).includes(own.field)) continue;
        const f = own.field as FacetField;
        const over = intersectAll([candidates, ...active.filter((a) => a !== own).map((a) => a.rows)]);
        counts.set(f, this.countFields([f], over).get(f) as Int32Array);
      }
      for (const f of FACET_FIELDS) {
        const dict = this.col(f).dict;
        const m = new Map<string, number>();
        (counts.get(f) as Int32Array).forEach((n, id) => n > 0 && m.set(dict[id], n));
        facets[f] = m;
      }
    }
    return { rows: main ?? allRows(this.size), facets };
  }
}
