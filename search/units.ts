// Sentences and paragraphs of a chunk's text, as the scopes ~sentence and ~paragraph read them.
// The reports are written in Chinese prose: a sentence ends at 。！？ or ； (and their half-width
// forms, which folding makes of the full-width ones), together with the closing quotes and
// brackets that follow the mark (…难题。” belongs to the sentence it closes). A paragraph of a
// report (a blank-line-separated block) is one line of a chunk's text, so a line break ends both a
// paragraph and a sentence. Both backends cut the same folded text the same way: the embedded
// engine records where each sentence and paragraph starts, in token positions (see tokens.ts);
// Meilisearch stores each one's tokens apart.
import { isSpace } from './tokens';

const codes = (chars: string) => new Set(Array.from(chars, (c) => c.codePointAt(0) as number));
const STOPS = codes('。!?;！？；');
const CLOSERS = codes('”’」』)）》〉"\']】');
const BREAKS = new Set([10, 11, 12, 13, 0x2028, 0x2029]);

/** Where a sentence (and maybe a paragraph) after the first starts: its index in the folded string and its token position. */
export interface UnitStart {
  index: number;
  position: number;
  paragraph: boolean;
}

/**
 * The starts of the second and later sentences and paragraphs of folded text whose first
 * character stands at token position `offset` (positions count as in tokens.ts's eachToken:
 * one per character, one more for each gap between whitespace-separated runs).
 */
export function unitStarts(folded: string, offset = 0): UnitStart[] {
  const out: UnitStart[] = [];
  let pos = offset;
  let inRun = false;
  let seen = false;
  let ended = false;
  let broken = false;
  for (let i = 0; i < folded.length;) {
    const c = folded.codePointAt(i) as number;
    const width = c > 0xffff ? 2 : 1;
    if (isSpace(c)) {
      if (inRun) pos++;
      inRun = false;
      if (BREAKS.has(c) && seen) broken = true;
      i += width;
      continue;
    }
    if (seen && (broken || (ended && !CLOSERS.has(c) && !STOPS.has(c)))) {
      out.push({ index: i, position: pos, paragraph: broken });
      ended = false;
    }
    broken = false;
    seen = true;
    if (STOPS.has(c)) ended = true;
    inRun = true;
    pos++;
    i += width;
  }
  return out;
}

/** Folded text cut into its sentences and its paragraphs, in order. */
export function unitTexts(folded: string): { sentences: string[]; paragraphs: string[] } {
  const starts = unitStarts(folded);
  const cut = (at: number[]) =>
    [0, ...at, folded.length].slice(0, -1).map((from, k, all) => folded.slice(from, k + 1 < all.length ? all[k + 1] : folded.length));
  return {
    sentences: cut(starts.map((s) => s.index)),
    paragraphs: cut(starts.filter((s) => s.paragraph).map((s) => s.index)),
  };
}

/** Which unit a position lies in: the number of starts at or before it (starts ascending). */
export function unitOf(starts: ArrayLike<number>, position: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
