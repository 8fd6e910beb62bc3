// Highlighting is computed on the original text: every occurrence of a query word or phrase is
// wrapped in <mark>, everything else is HTML-escaped, and snippets are cropped around the first match.
// Matching folds both sides as the search does (normalize.ts), so ＡＰＰ in a report is marked for app.
import type { Chunk, Hit } from '../core/types';
import { escapeRegExp, fold, foldWithOffsets } from '../core/normalize';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

type Range = [number, number];

/** Non-overlapping [start, end) ranges of the needles in text, as the search folds them. */
export function findMatches(text: string, needles: string[]): Range[] {
  const { folded, origin } = foldWithOffsets(text);
  const ranges: Range[] = [];
  for (const needle of needles) {
    // A phrase's inner whitespace matches any whitespace.
    const pieces = fold(needle).split(/\s+/u).filter(Boolean);
    if (!pieces.length) continue;
    if (pieces.length === 1) {
      const n = pieces[0];
      for (let i = folded.indexOf(n); i !== -1; i = folded.indexOf(n, i + n.length)) ranges.push([origin[i], origin[i + n.length]]);
    } else {
      const re = new RegExp(pieces.map(escapeRegExp).join('\\s+'), 'gu');
      for (const m of folded.matchAll(re)) ranges.push([origin[m.index], origin[m.index + m[0].length]]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

function render(text: string, ranges: Range[], from: number, to: number): string {
  let out = '';
  let at = from;
  for (const [s, e] of ranges) {
    if (e <= from || s >= to) continue;
    const a = Math.max(s, from);
    const b = Math.min(e, to);
    out += escapeHtml(text.slice(at, a)) + '<mark>' + escapeHtml(text.slice(a, b)) + '</mark>';
    at = b;
  }
  return out + escapeHtml(text.slice(at, to));
}

export function highlight(text: string, needles: string[]): string {
  return render(text, findMatches(text, needles), 0, text.length);
}

/** A crop of about `length` characters centred on the first match (or the start), with ellipses. */
export function snippet(text: string, needles: string[], length = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const ranges = findMatches(flat, needles);
  if (flat.length <= length) return render(flat, ranges, 0, flat.length);
  const centre = ranges.length ? Math.floor((ranges[0][0] + ranges[0][1]) / 2) : 0;
  let from = ranges.length ? Math.max(0, centre - Math.floor(length / 2)) : 0;
  const to = Math.min(flat.length, from + length);
  from = Math.max(0, to - length);
  // Never cut a highlighted word in half at the window edges.
  const start = ranges.find((r) => r[0] < from && r[1] > from)?.[0] ?? from;
  const end = ranges.find((r) => r[0] < to && r[1] > to)?.[1] ?? to;
  return (start > 0 ? '…' : '') + render(flat, ranges, start, end) + (end < flat.length ? '…' : '');
}

/** A chunk as a search hit: heading and snippet highlighted, text and figures only when asked for. */
export function toHit(c: Chunk, needles: string[], opts: { withText?: boolean; withFigures?: boolean } = {}): Hit {
  const { text, figures, ...rest } = c;
  return {
    ...rest,
    ...(opts.withText ? { text } : {}),
    ...(opts.withFigures ? { figures } : {}),
    headingHtml: highlight(c.heading ?? '', needles),
    snippetHtml: snippet(text ?? '', needles),
    figureCount: figures?.length ?? 0,
  };
}
