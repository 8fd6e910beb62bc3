// Small string helpers shared by the extractors.

/** How often needle occurs in text, without overlaps. */
export function countOccurrences(text: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * How often each needle occurs in text, without overlaps (as countOccurrences counts), found in
 * one pass over the text instead of one per needle: thousands of needles cost little more than one.
 */
export function countEach(text: string, needles: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  // Each needle by its first code unit, with where its next occurrence may start.
  const byFirst = new Map<number, { needle: string; free: number }[]>();
  for (const needle of needles) {
    if (!needle || counts.has(needle)) continue;
    counts.set(needle, 0);
    const list = byFirst.get(needle.charCodeAt(0)) ?? [];
    list.push({ needle, free: 0 });
    byFirst.set(needle.charCodeAt(0), list);
  }
  for (let i = 0; i < text.length; i++) {
    const list = byFirst.get(text.charCodeAt(i));
    if (!list) continue;
    for (const n of list) {
      if (i < n.free || !text.startsWith(n.needle, i)) continue;
      counts.set(n.needle, (counts.get(n.needle) as number) + 1);
      n.free = i + n.needle.length;
    }
  }
  return counts;
}

export { escapeRegExp } from '../core/normalize';

/** A line a converter writes where a page of the source (a PDF) starts: <!-- page 3 -->. */
export const PAGE_MARK = /^<!-- page (\d+) -->$/;
export const pageMark = (n: number) => `<!-- page ${n} -->`;
