// Evaluates a parsed query over the posting lists: which rows match, and how well. Every query
// word is a pattern of tokens (see tokens.ts). First, from row lists alone, each word's candidate
// rows (rows holding all its tokens, or whose report title or section path holds the word) are
// intersected over all words; only then are positions checked and counts read, and only for the
// rows still in the running. A lone character merges the lists of every token it starts.
import type { ParsedQuery } from '../query';
import { pattern, prefixRange, type PatternToken } from '../tokens';
import { fold } from '../../core/normalize';
import { allRows, difference, intersect, union } from './rowsets';
import { positionsOf, withinScopes, type ScopedWord } from './scoped';
import {
  K1,
  NONE,
  TEXT_TIER,
  W_CONTEXT,
  W_HEAD,
  has,
  mergeMatches,
  proofTokens,
  type Evaluation,
  type GroupPlan,
  type IndexData,
  type Match,
  type Plan,
  type TokenList,
} from './matching';

export class Evaluator {
  private readonly score: Float64Array;
  private readonly acc: Float32Array;

  private readonly mark: Uint8Array;

  constructor(private readonly ix: IndexData) {
    this.score = new Float64Array(ix.size + 1);
    this.acc = new Float32Array(ix.size + 1);
    this.mark = new Uint8Array(ix.size + 1);
  }

  evaluate(q: ParsedQuery): Evaluation {
    const groups = q.groups.map((g) => this.planGroup(g));
    const planned = q.exclude.map((w) => this.plan(w));
    const exclude = planned.filter((p, i): p is Plan => p !== null && !q.excludeScopes?.[i]);
    // Scoped words are checked in place once the rows are known (see scoped.ts).
    const scopedGroups: ScopedWord[] = [];
    groups.forEach((g, i) => q.scopes?.[i] && scopedGroups.push({ plans: g.alternatives, scope: q.scopes[i] }));
    const scopedExclude: ScopedWord[] = [];
    planned.forEach((p, i) => p && q.excludeScopes?.[i] && scopedExclude.push({ plans: [p], scope: q.excludeScopes[i] }));
    if (q.groups.length === 0 && exclude.length === 0 && scopedExclude.length === 0) return { rows: null, scores: null };
    let rows: Int32Array;
    if (q.groups.length === 0) rows = allRows(this.ix.size);
    else {
      groups.sort((a, b) => a.candidates.length - b.candidates.length);
      rows = groups[0].candidates;
      for (const g of groups.slice(1)) rows = intersect(rows, g.candidates);
    }
    // The rarest groups are checked first, so that the others are checked on fewer rows.
    const matches: { df: number; match: Match }[] = [];
    for (const g of groups) {
      if (!rows.length) break;
      const match = this.verifyGroup(g, rows);
      rows = match.rows;
      matches.push({ df: g.candidates.length, match });
    }
    for (const plan of exclude) {
      if (!rows.length) break;
      const out = this.verify(plan, intersect(rows, plan.candidates)).rows;
      if (out.length) rows = difference(rows, out);
    }
    rows = withinScopes(this.ix, rows, scopedGroups, scopedExclude);
    if (q.groups.length === 0) return { rows, scores: null };
    const { score } = this;
    for (let i = 0; i < rows.length; i++) score[rows[i]] = 0;
    for (const { df, match } of matches) {
      // The candidate count stands in for the group's document frequency.
      const idf = Math.log(1 + (this.ix.size - df + 0.5) / (df + 0.5));
      let j = 0;
      for (let i = 0; i < match.rows.length; i++) {
        const r = match.rows[i];
        while (j < rows.length && rows[j] < r) j++;
        if (rows[j] !== r) continue;
        const w = match.weight[i];
        score[r] += (w >= 1 ? TEXT_TIER : 0) + (idf * w * (K1 + 1)) / (w + this.ix.norm[r]);
      }
    }
    return { rows, scores: score };
  }

  /** The alternatives of an OR group: candidates are their union. */
  private planGroup(words: string[]): GroupPlan {
    const alternatives = words.map((w) => this.plan(w)).filter((p): p is Plan => p !== null);
    let candidates = NONE;
    for (const p of alternatives) candidates = union(candidates, p.candidates);
    return { alternatives, candidates };
  }

  /** Where any alternative occurs among `within`; a row's weight is its best alternative's. */
  private verifyGroup(g: GroupPlan, within: Int32Array): Match {
    if (g.alternatives.length === 1) return this.verify(g.alternatives[0], within);
    let out: Match = { rows: NONE, weight: new Float32Array(0) };
    for (const p of g.alternatives) out = mergeMatches(out, this.verify(p, intersect(p.candidates, within)));
    return out;
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

  /** The rows of any of the lists: marked, then collected in order (one pass, however many lists). */
  private rowsOf(lists: TokenList[]): Int32Array {
    if (lists.length === 1) return lists[0].rows;
    if (lists.length === 2) return union(lists[0].rows, lists[1].rows);
    const mark = this.mark;
    let n = 0;
    for (const l of lists) {
      for (let i = 0; i < l.rows.length; i++) {
        if (mark[l.rows[i]]) continue;
        mark[l.rows[i]] = 1;
        n++;
      }
    }
    const out = new Int32Array(n);
    let k = 0;
    for (let r = 1; r <= this.ix.size && k < n; r++) {
      if (!mark[r]) continue;
      out[k++] = r;
      mark[r] = 0;
    }
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
      const sub = rows.length === this.ix.size ? list.rows : intersect(list.rows, rows);
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
    const positions = plan.proof.map((i) => positionsOf(this.ix, plan.lists[i], candidates));
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
}
