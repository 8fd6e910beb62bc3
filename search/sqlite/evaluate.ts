// Evaluates a parsed query over the posting lists: which rows match, and how well. Every query
// word is a pattern of tokens (see tokens.ts); a word of one bigram is read straight from its
// posting list, longer words intersect their tokens' lists and check positions, and a lone
// character merges the lists of every token it starts. The report title and section path of a
// chunk are matched separately, once per distinct context, and count as weaker evidence.
import type { ParsedQuery } from '../query';
import { pattern, prefixRange, type PatternToken } from '../tokens';
import { fold } from '../normalize';
import { ByteReader, decodePostings, type Postings } from './postings';

/** What the evaluator reads from an open index. */
export interface IndexData {
  /** Rows are numbered 1..size. */
  size: number;
  headLen: Int32Array;
  len: Int32Array;
  avgLen: number;
  cidOf: Int32Array;
  /** Folded context strings by context id, whitespace collapsed to one space. */
  contexts: string[];
  postings(key: number): Postings | null;
  /** Postings of every token in [lo, hi), with their keys. */
  range(lo: number, hi: number): { key: number; postings: Postings }[];
  positions(key: number): Uint8Array | null;
}

// Heading and practices outrank body text, body text outranks the report title and section path.
const W_HEAD = 6;
const W_CONTEXT = 0.5;
const K1 = 1.2;
const B = 0.75;

interface PartMatch {
  rows: Int32Array;
  /** Field-weighted term frequency per row. */
  weight: Float32Array;
}

const EMPTY: PartMatch = { rows: new Int32Array(0), weight: new Float32Array(0) };

export interface Evaluation {
  /** Matching rows in report order. */
  rows: Int32Array;
  /** Relevance by row (only meaningful for matching rows), or null without a positive word. */
  scores: Float64Array | null;
}

function weightOf(code: number): number {
  const tf = code >>> 1;
  return code & 1 ? W_HEAD + tf - 1 : tf;
}

function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      out[n++] = a[i];
      i++;
      j++;
    }
  }
  return out.subarray(0, n);
}

/** For each candidate row, the positions of one token in it: vals[start[k]..start[k+1]). */
interface RowPositions {
  start: Int32Array;
  vals: Int32Array;
}

export class Evaluator {
  private readonly count: Uint8Array;
  private readonly score: Float64Array;
  private readonly acc: Float32Array;
  private readonly mark: Uint8Array;

  constructor(private readonly ix: IndexData) {
    this.count = new Uint8Array(ix.size + 1);
    this.score = new Float64Array(ix.size + 1);
    this.acc = new Float32Array(ix.size + 1);
    this.mark = new Uint8Array(ix.size + 1);
  }

  evaluate(q: ParsedQuery): Evaluation {
    const excluded = this.excluded(q.exclude);
    if (q.include.length === 0) {
      const rows = new Int32Array(this.ix.size);
      let n = 0;
      for (let r = 1; r <= this.ix.size; r++) if (!excluded?.[r]) rows[n++] = r;
      this.clear(excluded);
      return { rows: rows.subarray(0, n), scores: null };
    }
    const parts = q.include.map((p) => this.matchPart(p)).sort((a, b) => a.rows.length - b.rows.length);
    const { count, score } = this;
    // count[r] is the number of parts seen so far that row r matches; only rows of the rarest part can match all.
    parts.forEach((part, k) => {
      const idf = Math.log(1 + (this.ix.size - part.rows.length + 0.5) / (part.rows.length + 0.5));
      for (let i = 0; i < part.rows.length; i++) {
        const r = part.rows[i];
        if (k === 0) score[r] = 0;
        else if (count[r] !== k) continue;
        count[r] = k + 1;
        const w = part.weight[i];
        score[r] += (idf * w * (K1 + 1)) / (w + K1 * (1 - B + (B * this.ix.len[r]) / this.ix.avgLen));
      }
    });
    const first = parts[0];
    const rows = new Int32Array(first.rows.length);
    let n = 0;
    for (let i = 0; i < first.rows.length; i++) {
      const r = first.rows[i];
      if (count[r] === parts.length && !excluded?.[r]) rows[n++] = r;
      count[r] = 0;
    }
    this.clear(excluded);
    return { rows: rows.subarray(0, n), scores: score };
  }

  private clear(excluded: Uint8Array | null): void {
    if (excluded) excluded.fill(0);
  }

  /** A mark per row that any excluded word matches, or null when nothing is excluded. */
  private excluded(words: string[]): Uint8Array | null {
    if (!words.length) return null;
    const mark = this.mark;
    for (const w of words) {
      const m = this.matchPart(w);
      for (let i = 0; i < m.rows.length; i++) mark[m.rows[i]] = 1;
    }
    return mark;
  }

  /** The rows a word or phrase matches in the heading, text or context, with their weights. */
  matchPart(part: string): PartMatch {
    const tokens = pattern(part);
    if (tokens.length === 0) return EMPTY;
    const inText = tokens.length === 1 ? this.single(tokens[0]) : this.phrase(tokens);
    return this.withContext(inText, fold(part).replace(/\s+/gu, ' ').trim());
  }

  private single(t: PatternToken): PartMatch {
    if (!t.prefix) {
      const p = this.ix.postings(t.key);
      if (!p) return EMPTY;
      const weight = new Float32Array(p.rows.length);
      for (let i = 0; i < weight.length; i++) weight[i] = weightOf(p.codes[i]);
      return { rows: p.rows, weight };
    }
    // A lone character: every token it starts, merged.
    const lists = this.ix.range(...prefixRange(t.char));
    const acc = this.acc;
    const touched: number[] = [];
    for (const { postings: p } of lists) {
      for (let i = 0; i < p.rows.length; i++) {
        const r = p.rows[i];
        if (acc[r] === 0) touched.push(r);
        acc[r] += weightOf(p.codes[i]);
      }
    }
    const rows = Int32Array.from(touched).sort();
    const weight = new Float32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      weight[i] = acc[rows[i]];
      acc[rows[i]] = 0;
    }
    return { rows, weight };
  }

  private phrase(tokens: PatternToken[]): PartMatch {
    // Rows that hold every token, from the rarest token up.
    const lists: { token: PatternToken; lists: { key: number; postings: Postings }[] }[] = [];
    for (const token of tokens) {
      if (token.prefix) lists.push({ token, lists: this.ix.range(...prefixRange(token.char)) });
      else {
        const p = this.ix.postings(token.key);
        if (!p) return EMPTY;
        lists.push({ token, lists: [{ key: token.key, postings: p }] });
      }
    }
    const rowSets = lists.map((l) => (l.lists.length === 1 ? l.lists[0].postings.rows : this.single(l.token).rows));
    const order = rowSets.map((_, i) => i).sort((a, b) => rowSets[a].length - rowSets[b].length);
    let candidates = rowSets[order[0]];
    for (const i of order.slice(1)) {
      if (candidates.length === 0) break;
      candidates = intersect(candidates, rowSets[i]);
    }
    if (candidates.length === 0) return EMPTY;
    const positions = lists.map((l) => this.rowPositions(l.lists, candidates));
    const anchor = order[0];
    const rows = new Int32Array(candidates.length);
    const weight = new Float32Array(candidates.length);
    let n = 0;
    for (let k = 0; k < candidates.length; k++) {
      const row = candidates[k];
      const a = positions[anchor];
      let tf = 0;
      let inHead = false;
      for (let x = a.start[k]; x < a.start[k + 1]; x++) {
        const s = a.vals[x] - tokens[anchor].offset;
        let ok = s >= 0;
        for (let t = 0; ok && t < tokens.length; t++) {
          if (t !== anchor) ok = has(positions[t], k, s + tokens[t].offset);
        }
        if (ok) {
          tf++;
          if (s < this.ix.headLen[row]) inHead = true;
        }
      }
      if (tf > 0) {
        rows[n] = row;
        weight[n++] = inHead ? W_HEAD + tf - 1 : tf;
      }
    }
    return { rows: rows.subarray(0, n), weight: weight.subarray(0, n) };
  }

  /** Positions of the tokens of `lists` in each candidate row (sorted per row). */
  private rowPositions(lists: { key: number; postings: Postings }[], candidates: Int32Array): RowPositions {
    if (lists.length === 1) return this.exactPositions(lists[0].key, lists[0].postings, candidates);
    // A lone character inside a phrase: positions of every token it starts, merged per row.
    const per: number[][] = Array.from({ length: candidates.length }, () => []);
    for (const { key, postings } of lists) {
      const one = this.exactPositions(key, postings, candidates, true);
      for (let k = 0; k < candidates.length; k++) for (let x = one.start[k]; x < one.start[k + 1]; x++) per[k].push(one.vals[x]);
    }
    const start = new Int32Array(candidates.length + 1);
    const vals: number[] = [];
    for (let k = 0; k < candidates.length; k++) {
      per[k].sort((a, b) => a - b);
      vals.push(...per[k]);
      start[k + 1] = vals.length;
    }
    return { start, vals: Int32Array.from(vals) };
  }

  /** One token's positions in each candidate row; decoding stops after the last candidate. */
  private exactPositions(key: number, postings: Postings, candidates: Int32Array, partial = false): RowPositions {
    const start = new Int32Array(candidates.length + 1);
    const vals: number[] = [];
    const blob = this.ix.positions(key);
    const reader = blob ? new ByteReader(blob) : null;
    let k = 0;
    for (let i = 0; reader && i < postings.rows.length && k < candidates.length; i++) {
      const row = postings.rows[i];
      // Where the token is not in every candidate (partial), skip the candidates it lacks.
      while (partial && k < candidates.length && candidates[k] < row) start[++k] = vals.length;
      const tf = postings.codes[i] >>> 1;
      const hit = candidates[k] === row;
      let p = 0;
      for (let j = 0; j < tf; j++) {
        p += reader.varint();
        if (hit) vals.push(p);
      }
      if (hit) start[++k] = vals.length;
    }
    while (k < candidates.length) start[++k] = vals.length;
    return { start, vals: Int32Array.from(vals) };
  }

  /** Adds the rows whose report title or section path contains the word. */
  private withContext(m: PartMatch, needle: string): PartMatch {
    const { contexts, cidOf, size } = this.ix;
    let any = false;
    const hitContext = new Uint8Array(contexts.length);
    for (let c = 0; c < contexts.length; c++) {
      if (contexts[c].includes(needle)) {
        hitContext[c] = 1;
        any = true;
      }
    }
    if (!any) return m;
    const rows: number[] = [];
    const weight: number[] = [];
    let i = 0;
    for (let r = 1; r <= size; r++) {
      while (i < m.rows.length && m.rows[i] < r) {
        rows.push(m.rows[i]);
        weight.push(m.weight[i++]);
      }
      const inText = i < m.rows.length && m.rows[i] === r;
      if (hitContext[cidOf[r]]) {
        rows.push(r);
        weight.push((inText ? m.weight[i++] : 0) + W_CONTEXT);
      }
    }
    while (i < m.rows.length) {
      rows.push(m.rows[i]);
      weight.push(m.weight[i++]);
    }
    return { rows: Int32Array.from(rows), weight: Float32Array.from(weight) };
  }
}

function has(p: RowPositions, k: number, value: number): boolean {
  let lo = p.start[k];
  let hi = p.start[k + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = p.vals[mid];
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

/** decodePostings, re-exported for the backend that reads the rows from SQLite. */
export { decodePostings };
