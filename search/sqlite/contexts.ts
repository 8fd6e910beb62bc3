// What a chunk shares with many others — its report's title, its section path, its place, agencies,
// themes and speaker — is matched once per distinct string (a substring search over all of them in
// one string), then mapped to the rows that carry it.
import { contextText } from './schema';

/** Distinct strings, each with the ascending rows that carry it. */
export class StringRows {
  private readonly blob: string;
  private readonly starts: Int32Array;
  private readonly rowStart: Int32Array;
  private readonly rows: Int32Array;

  /** `entries` may repeat a string: its rows are merged. Strings are folded here. */
  constructor(entries: Iterable<{ text: string; rows: ArrayLike<number> }>) {
    const byText = new Map<string, number[][]>();
    for (const e of entries) {
      const t = contextText([e.text]);
      if (!t) continue;
      const lists = byText.get(t) ?? [];
      lists.push(Array.from(e.rows));
      byText.set(t, lists);
    }
    const texts = [...byText.keys()];
    // No folded text holds U+0000, so a needle never runs from one string into the next.
    this.blob = texts.join('\u0000');
    this.starts = new Int32Array(texts.length + 1);
    this.rowStart = new Int32Array(texts.length + 1);
    const all: number[] = [];
    let at = 0;
    texts.forEach((t, i) => {
      this.starts[i] = at;
      at += t.length + 1;
      const lists = byText.get(t) as number[][];
      const rows = lists.length === 1 ? lists[0] : [...new Set(lists.flat())].sort((a, b) => a - b);
      this.rowStart[i] = all.length;
      for (const r of rows) all.push(r);
    });
    this.starts[texts.length] = at;
    this.rowStart[texts.length] = all.length;
    this.rows = Int32Array.from(all);
  }

  /** Calls visit with the rows of every string containing the needle. */
  forEachMatch(needle: string, visit: (rows: Int32Array) => void): void {
    const { blob, starts } = this;
    for (let at = blob.indexOf(needle); at !== -1;) {
      let lo = 0;
      let hi = starts.length - 2;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= at) lo = mid;
        else hi = mid - 1;
      }
      visit(this.rows.subarray(this.rowStart[lo], this.rowStart[lo + 1]));
      at = blob.indexOf(needle, starts[lo + 1]);
    }
  }
}

/** Rows whose shared strings contain a word. */
export class ContextIndex {
  private readonly mark: Uint8Array;

  constructor(
    private readonly sources: StringRows[],
    private readonly size: number,
  ) {
    this.mark = new Uint8Array(size + 1);
  }

  /** Rows whose strings contain the folded needle, ascending; null if none. */
  rows(needle: string): Int32Array | null {
    if (!needle) return null;
    const { mark } = this;
    let n = 0;
    for (const source of this.sources) {
      source.forEachMatch(needle, (rows) => {
        for (let i = 0; i < rows.length; i++) {
          if (mark[rows[i]]) continue;
          mark[rows[i]] = 1;
          n++;
        }
      });
    }
    if (!n) return null;
    const out = new Int32Array(n);
    let k = 0;
    for (let r = 1; r <= this.size && k < n; r++) {
      if (mark[r]) {
        out[k++] = r;
        mark[r] = 0;
      }
    }
    return out;
  }
}
