// One filter field of every row, held twice over: by row (the value ids of each row) and by value
// (the rows of each value, ascending).
import { NO_ROWS, union } from './rowsets';

export class Column {
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
