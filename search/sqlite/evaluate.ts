// Evaluates a parsed query over the posting lists: which rows match, and how well. Every query
// word is a pattern of tokens (see tokens.ts). First, from row lists alone, each word's candidate
// rows (rows holding all its tokens, or whose report title or section path holds the word) are
// intersected over all words; only then are positions checked and counts read, and only for the
// rows still in the running. A lone character merges the lists of every token it starts.
import type { ParsedQuery } from '../query';
import { isTail, pattern, prefixRange, type PatternToken } from '../tokens';
import { fold } from '../normalize';
import type { RowPositions } from './postings';
import type { ContextIndex } from './contexts';
import { NO_ROWS, allRows, difference, intersect, union } from './rowsets';

export interface TokenList {
  key: number;
  /** Rows holding the token, ascending. */
  rows: Int32Array;
  /** The positions (see postings.ts). */
  pos: Uint16Array;
}

/** What the evaluator reads from an open index. */
export interface IndexData {
  /** Rows are numbered 1..size. */
  size: number;
  headLen: Int32Array;
  contexts: ContextIndex;
  postings(key: number): TokenList | null;
  /** The lists of every token with a key in [lo, hi). */
  range(lo: number, hi: number): TokenList[];
  /** The token's weight in each candidate row (see decodeWeights). */
  weights(list: TokenList, candidates: Int32Array, headWeight: number): Float32Array;
  /** Per row, K1 × (1 − B + B × length / average length): BM25's length normalisation. */
  norm: Float32Array;
  positions(list: TokenList, candidates: Int32Array): RowPositions;
}

// Heading and practices outrank body text, body text outranks the report title and section path.
const W_HEAD = 6;
const W_CONTEXT = 0.5;
export const K1 = 1.2;
export const B = 0.75;

export interface Evaluation {
  /** Matching rows in report order; null when every row matches (nothing asked for). */
  rows: Int32Array | null;
  /** Relevance by row (meaningful for matching rows only), or null without a positive word. */
  scores: Float64Array | null;
}

/** A query word, planned: its tokens' lists and its candidate rows. */
interface Plan {
  tokens: PatternToken[];
  lists: TokenList[][];
  /** The tokens whose positions prove the word: bigrams two apart already cover the one between. */
  proof: number[];
  /** Rows holding every token (a superset of the rows where the word occurs in heading or text). */
  tokenRows: Int32Array;
  /** Rows whose title or section path holds the word. */
  contextRows: Int32Array | null;
  candidates: Int32Array;
}

/** The rows (of some set) where a word occurs, with a field-weighted count per row. */
interface Match {
  rows: Int32Array;
  weight: Float32Array;
}

const NONE = NO_ROWS;

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

export class Evaluator {
  private readonly score: Float64Array;
  private readonly acc: Float32Array;

  constructor(private readonly ix: IndexData) {
    this.score = new Float64Array(ix.size + 1);
    this.acc = new Float32Array(ix.size + 1);
  }

  evaluate(q: ParsedQuery): Evaluation {
    const include = q.include.map((w) => this.plan(w)).filter((p): p is Plan => p !== null);
    const exclude = q.exclude.map((w) => this.plan(w)).filter((p): p is Plan => p !== null);
    if (q.include.length === 0 && exclude.length === 0) return { rows: null, scores: null };
    let rows: Int32Array;
    if (include.length === 0) {
      // Only -words: every row, less the excluded ones.
      rows = q.include.length > 0 ? NONE : allRows(this.ix.size);
    } else {
      include.sort((a, b) => a.candidates.length - b.candidates.length);
      rows = include[0].candidates;
      for (const p of include.slice(1)) rows = intersect(rows, p.candidates);
    }
    // The rarest words are checked first, so that the others are checked on fewer rows.
    const matches: { plan: Plan; match: Match }[] = [];
    for (const plan of include) {
      if (!rows.length) break;
      const match = this.verify(plan, rows);
      rows = match.rows;
      matches.push({ plan, match });
    }
    for (const plan of exclude) {
      if (!rows.length) break;
      const out = this.verify(plan, intersect(rows, plan.candidates)).rows;
      if (out.length) rows = difference(rows, out);
    }
    if (include.length === 0) return { rows, scores: null };
    const { score } = this;
    for (let i = 0; i < rows.length; i++) score[rows[i]] = 0;
    for (const { plan, match } of matches) {
      // The candidate count stands in for the word's document frequency.
      const df = plan.candidates.length;
      const idf = Math.log(1 + (this.ix.size - df + 0.5) / (df + 0.5));
      let j = 0;
      for (let i = 0; i < match.rows.length; i++) {
        const r = match.rows[i];
        while (j < rows.length && rows[j] < r) j++;
        if (rows[j] !== r) continue;
        const w = match.weight[i];
        score[r] += (idf * w * (K1 + 1)) / (w + this.ix.norm[r]);
      }
    }
    return { rows, scores: score };
  }

  /** A word's tokens, their lists and its candidate rows; null when the word has no token. */
  private plan(word: string): Plan | null {
    const tokens = pattern(word);
    if (tokens.length === 0) return null;
    const lists = tokens.map((t) => this.lists(t));
    let tokenRows = NONE;
    if (lists.every((l) => l.length > 0)) {
      const sets = lists.map((l) => this.rowsOf(l)).sort((a, b) => a.length - b.length);
      tokenRows = sets[0];
      for (const s of sets.slice(1)) tokenRows = intersect(tokenRows, s);
    }
    const contextRows = this.ix.contexts.rows(fold(word).replace(/\s+/gu, ' ').trim());
    return { tokens, lists, proof: proofTokens(tokens), tokenRows, contextRows, candidates: contextRows ? union(tokenRows, contextRows) : tokenRows };
  }

  private lists(t: PatternToken): TokenList[] {
    if (t.prefix) return this.ix.range(...prefixRange(t.char));
    const list = this.ix.postings(t.key);
    return list ? [list] : [];
  }

  private rowsOf(lists: TokenList[]): Int32Array {
    if (lists.length === 1) return lists[0].rows;
    let out = NONE;
    for (const l of lists) out = union(out, l.rows);
    return out;
  }

  /** Where the word really occurs among `within` (ascending), with weights. */
  private verify(plan: Plan, within: Int32Array): Match {
    const inText = intersect(plan.tokenRows, within);
    const text = plan.tokens.length === 1 ? this.counted(plan.lists[0], inText) : this.phrase(plan, inText);
    if (!plan.contextRows) return text;
    const ctx = intersect(plan.contextRows, within);
    const rows = union(text.rows, ctx);
    const weight = new Float32Array(rows.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      let w = 0;
      if (i < text.rows.length && text.rows[i] === r) w += text.weight[i++];
      if (j < ctx.length && ctx[j] === r) {
        w += W_CONTEXT;
        j++;
      }
      weight[k] = w;
    }
    return { rows, weight };
  }

  /** One token (or every token a lone character starts): weights of the given rows, which all hold it. */
  private counted(lists: TokenList[], rows: Int32Array): Match {
    if (lists.length === 1) return { rows, weight: this.ix.weights(lists[0], rows, W_HEAD) };
    const acc = this.acc;
    for (const list of lists) {
      const sub = intersect(list.rows, rows);
      const w = this.ix.weights(list, sub, W_HEAD);
      for (let i = 0; i < sub.length; i++) acc[sub[i]] += w[i];
    }
    const weight = new Float32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      weight[i] = acc[rows[i]];
      acc[rows[i]] = 0;
    }
    return { rows, weight };
  }

  /** Several tokens at fixed offsets: the given rows where they stand in place. */
  private phrase(plan: Plan, candidates: Int32Array): Match {
    if (!candidates.length) return { rows: NONE, weight: new Float32Array(0) };
    const tokens = plan.proof.map((i) => plan.tokens[i]);
    const positions = plan.proof.map((i) => this.positionsOf(plan.lists[i], candidates));
    // Anchor on the token with the fewest positions.
    let anchor = 0;
    for (let t = 1; t < tokens.length; t++) if (positions[t].vals.length < positions[anchor].vals.length) anchor = t;
    const rows = new Int32Array(candidates.length);
    const weight = new Float32Array(candidates.length);
    let n = 0;
    const a = positions[anchor];
    for (let k = 0; k < candidates.length; k++) {
      const row = candidates[k];
      let tf = 0;
      let inHead = false;
      for (let x = a.start[k]; x < a.start[k + 1]; x++) {
        const s = a.vals[x] - tokens[anchor].offset;
        let ok = s >= 0;
        for (let t = 0; ok && t < tokens.length; t++) if (t !== anchor) ok = has(positions[t], k, s + tokens[t].offset);
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

  /** Positions of a token (or of every token a lone character starts, merged) in each candidate row. */
  private positionsOf(lists: TokenList[], candidates: Int32Array): RowPositions {
    if (lists.length === 1) return this.ix.positions(lists[0], candidates);
    const parts = lists.map((l) => this.ix.positions(l, candidates));
    const start = new Int32Array(candidates.length + 1);
    const vals: number[] = [];
    for (let k = 0; k < candidates.length; k++) {
      const here: number[] = [];
      for (const p of parts) for (let x = p.start[k]; x < p.start[k + 1]; x++) here.push(p.vals[x]);
      here.sort((a, b) => a - b);
      vals.push(...here);
      start[k + 1] = vals.length;
    }
    return { start, vals: Int32Array.from(vals) };
  }
}

/**
 * Which tokens of a pattern must be checked in place: bigram tokens in a stretch at consecutive
 * offsets overlap, so every other one, plus the last, covers all characters; tails and lone
 * characters always count.
 */
export function proofTokens(tokens: PatternToken[]): number[] {
  const out: number[] = [];
  let kept = -Infinity;
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    const lastOfStretch = !next || next.offset !== t.offset + 1 || next.prefix || (!t.prefix && isTail(t.key));
    if (t.prefix || isTail(t.key) || lastOfStretch || t.offset - kept >= 2) {
      out.push(i);
      kept = t.offset;
    }
  });
  return out;
}
