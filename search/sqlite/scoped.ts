// Scopes on the embedded engine: after the usual checks, a row keeps its place only where its
// scoped words stand where they must — in the heading, or all together in one sentence or one
// paragraph of the text (the bounds the index records per row, see schema.ts) — and its scoped
// exclusions do not stand there.
import type { Scope } from '../../core/types';
import { isTail } from '../tokens';
import { unitOf } from '../units';
import type { RowPositions } from './postings';
import { has, type IndexData, type Plan, type RowBounds, type TokenList } from './matching';

/** A query group (its alternatives) or an excluded word (one plan), with its scope. */
export interface ScopedWord {
  plans: Plan[];
  scope: Scope;
}

/** Positions of a token (or of every token a lone character starts, merged) in each candidate row. */
export function positionsOf(ix: IndexData, lists: TokenList[], candidates: Int32Array): RowPositions {
  if (lists.length === 1) return ix.positions(lists[0], candidates);
  const parts = lists.map((l) => ix.positions(l, candidates));
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

/** Where the word starts in each row (heading and text; candidates ascending). */
function matchStarts(ix: IndexData, plan: Plan, rows: Int32Array): RowPositions {
  if (plan.tokens.length === 1) return positionsOf(ix, plan.lists[0], rows);
  const tokens = plan.proof.map((i) => plan.tokens[i]);
  const positions = plan.proof.map((i) => positionsOf(ix, plan.lists[i], rows));
  const a = positions[0];
  const start = new Int32Array(rows.length + 1);
  const vals: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    for (let x = a.start[k]; x < a.start[k + 1]; x++) {
      const s = a.vals[x] - tokens[0].offset;
      let ok = s >= 0;
      for (let t = 1; ok && t < tokens.length; t++) ok = has(positions[t], k, s + tokens[t].offset);
      if (ok) vals.push(s);
    }
    start[k + 1] = vals.length;
  }
  return { start, vals: Int32Array.from(vals) };
}

/** How far a word's last character stands from its first. */
function spanOf(plan: Plan): number {
  let span = 0;
  for (const t of plan.tokens) span = Math.max(span, t.offset + (t.prefix || isTail(t.key) ? 0 : 1));
  return span;
}

interface Occurrences {
  starts: RowPositions[];
  spans: number[];
  scope: Scope;
}

function occurrences(ix: IndexData, w: ScopedWord, rows: Int32Array): Occurrences {
  return { starts: w.plans.map((p) => matchStarts(ix, p, rows)), spans: w.plans.map(spanOf), scope: w.scope };
}

/** The units (sentences or paragraphs of the text; -1: the heading) a word occupies whole in row k. */
function unitsOf(o: Occurrences, k: number, bounds: RowBounds, textFrom: number): Set<number> {
  const out = new Set<number>();
  const starts = o.scope === 'paragraph' ? bounds.paragraphs : bounds.sentences;
  o.starts.forEach((p, a) => {
    for (let x = p.start[k]; x < p.start[k + 1]; x++) {
      const s = p.vals[x];
      const end = s + o.spans[a];
      if (o.scope === 'heading') {
        if (end < bounds.head) out.add(-1);
      } else if (s >= textFrom) {
        const u = unitOf(starts, s);
        if (unitOf(starts, end) === u) out.add(u);
      }
    }
  });
  return out;
}

/** The rows (ascending) whose scoped words stand where their scopes say. */
export function withinScopes(ix: IndexData, rows: Int32Array, groups: ScopedWord[], excluded: ScopedWord[]): Int32Array {
  if (!rows.length || (!groups.length && !excluded.length)) return rows;
  const g = groups.map((w) => occurrences(ix, w, rows));
  const e = excluded.map((w) => occurrences(ix, w, rows));
  const out: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const bounds = ix.bounds(rows[k]);
    const textFrom = ix.headLen[rows[k]] + 1;
    let shared = null as Set<number> | null;
    let ok = true;
    for (const o of g) {
      const units = unitsOf(o, k, bounds, textFrom);
      if (o.scope === 'heading') ok = units.size > 0;
      else shared = shared ? new Set([...shared].filter((u) => units.has(u))) : units;
      if (!ok || shared?.size === 0) break;
    }
    if (!ok || shared?.size === 0) continue;
    for (const o of e) {
      const units = unitsOf(o, k, bounds, textFrom);
      if (o.scope === 'heading') ok = units.size === 0;
      else if (shared) for (const u of units) shared.delete(u);
      if (!ok || shared?.size === 0) break;
    }
    if (ok && shared?.size !== 0) out.push(rows[k]);
  }
  return Int32Array.from(out);
}
