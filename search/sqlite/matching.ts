// What the evaluator works with: what it reads from an open index, the weights of where a word is
// found, and the small operations on matches (merging, looking up a position, choosing the tokens
// whose positions prove a word).
import { isTail, type PatternToken } from '../tokens';
import type { RowPositions } from './postings';
import type { ContextIndex } from './contexts';
import { NO_ROWS, union } from './rowsets';

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
  /** Where a row's heading ends and its sentences and paragraphs start (see schema.ts's unitBounds). */
  bounds(row: number): RowBounds;
}

/** A row's units in token positions: its heading is [0, head); its sentences and paragraphs after the first start at these. */
export interface RowBounds {
  head: number;
  sentences: Uint16Array;
  paragraphs: Uint16Array;
}

// Heading and practices outrank body text. A word found only in a chunk's title, section path or
// metadata weighs less than one occurrence in its text (below 1 even when found in both), and a
// word found in the text puts the row in a higher tier: text matches rank above the others.
export const W_HEAD = 6;
export const W_CONTEXT = 0.3;
export const TEXT_TIER = 1000;
export const K1 = 1.2;
export const B = 0.75;

export interface Evaluation {
  /** Matching rows in report order; null when every row matches (nothing asked for). */
  rows: Int32Array | null;
  /** Relevance by row (meaningful for matching rows only), or null without a positive word. */
  scores: Float64Array | null;
}

/** A query word, planned: its tokens' lists and its candidate rows. */
export interface Plan {
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

/** The alternatives of one OR group. */
export interface GroupPlan {
  alternatives: Plan[];
  candidates: Int32Array;
}

/** The rows (of some set) where a word occurs, with a field-weighted count per row. */
export interface Match {
  rows: Int32Array;
  weight: Float32Array;
}

export const NONE = NO_ROWS;

/** The union of two matches; a row in both keeps the better weight. */
export function mergeMatches(a: Match, b: Match): Match {
  const rows = union(a.rows, b.rows);
  const weight = new Float32Array(rows.length);
  let i = 0;
  let j = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    if (i < a.rows.length && a.rows[i] === r) weight[k] = a.weight[i++];
    if (j < b.rows.length && b.rows[j] === r) weight[k] = Math.max(weight[k], b.weight[j++]);
  }
  return { rows, weight };
}

export function has(p: RowPositions, k: number, value: number): boolean {
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
