// Report titles and section paths are shared by many chunks, so a word is looked for once in each
// distinct title and path (a substring search over all of them in one string), then mapped to rows.

/** Finds every string of a list that contains a needle, with one indexOf sweep. */
class StringSet {
  private readonly blob: string;
  private readonly starts: Int32Array;

  constructor(strings: string[]) {
    // No folded text holds U+0000, so a needle never runs from one string into the next.
    this.blob = strings.join('\u0000');
    this.starts = new Int32Array(strings.length + 1);
    let at = 0;
    strings.forEach((s, i) => {
      this.starts[i] = at;
      at += s.length + 1;
    });
    this.starts[strings.length] = at;
  }

  /** Indexes of the strings containing the needle, ascending. */
  find(needle: string): number[] {
    const out: number[] = [];
    const { blob, starts } = this;
    for (let at = blob.indexOf(needle); at !== -1;) {
      let lo = 0;
      let hi = starts.length - 2;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= at) lo = mid;
        else hi = mid - 1;
      }
      out.push(lo);
      at = blob.indexOf(needle, starts[lo + 1]);
    }
    return out;
  }
}

export class ContextIndex {
  private readonly titles: StringSet;
  private readonly paths: StringSet;
  private readonly rowsByPath: { start: Int32Array; rows: Int32Array };
  private readonly mark: Uint8Array;

  /**
   * @param titles folded title of each report (by report order)
   * @param docRows first and last row of each report
   * @param paths folded section path of each path id
   * @param pathOf the path id of each row (rows 1..size)
   */
  constructor(
    titles: string[],
    private readonly docRows: [number, number][],
    paths: string[],
    pathOf: Int32Array,
    private readonly size: number,
  ) {
    this.titles = new StringSet(titles);
    this.paths = new StringSet(paths);
    const start = new Int32Array(paths.length + 1);
    for (let r = 1; r <= size; r++) start[pathOf[r] + 1]++;
    for (let p = 0; p < paths.length; p++) start[p + 1] += start[p];
    const fill = start.slice(0, paths.length);
    const rows = new Int32Array(size);
    for (let r = 1; r <= size; r++) rows[fill[pathOf[r]]++] = r;
    this.rowsByPath = { start, rows };
    this.mark = new Uint8Array(size + 1);
  }

  /** Rows whose report title or section path contains the folded needle, ascending; null if none. */
  rows(needle: string): Int32Array | null {
    if (!needle) return null;
    const docs = this.titles.find(needle);
    const paths = this.paths.find(needle);
    if (!docs.length && !paths.length) return null;
    const { mark } = this;
    let n = 0;
    for (const d of docs) {
      const [first, last] = this.docRows[d];
      for (let r = first; r <= last; r++) {
        if (mark[r]) continue;
        mark[r] = 1;
        n++;
      }
    }
    const { start, rows } = this.rowsByPath;
    for (const p of paths) {
      for (let i = start[p]; i < start[p + 1]; i++) {
        if (mark[rows[i]]) continue;
        mark[rows[i]] = 1;
        n++;
      }
    }
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
