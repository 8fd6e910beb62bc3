// One folding of text for matching, shared by the index and the query side of every backend:
// compatibility forms unified (full-width ＡＢＣ１２３ → ABC123), letters lower-cased. Whitespace
// separates runs; every other character, punctuation included, is part of the text to match.

const WHITESPACE = /\s+/u;
// Characters folding may change: all but whitespace, ASCII other than capitals, CJK punctuation and Han.
const NEEDS_FOLDING = /[^\s!-@[-~\u3001-\u3035\u303b-\u303f\u4e00-\u9fff]/u;

/** The folded form of a string (same length or not: offsets are not preserved). */
export function fold(text: string): string {
  return NEEDS_FOLDING.test(text) ? text.normalize('NFKC').toLowerCase() : text;
}

/** The whitespace-separated runs of folded text, as arrays of code points. */
export function foldedRuns(text: string): string[][] {
  return fold(text)
    .split(WHITESPACE)
    .filter((r) => r.length > 0)
    .map((r) => Array.from(r));
}

/**
 * The folded text with, for each of its UTF-16 units, the offset in the original it came from:
 * highlighting finds folded needles in folded text and marks the original characters.
 */
export function foldWithOffsets(text: string): { folded: string; origin: Int32Array } {
  if (!NEEDS_FOLDING.test(text)) {
    const origin = new Int32Array(text.length + 1);
    for (let i = 0; i <= text.length; i++) origin[i] = i;
    return { folded: text, origin };
  }
  let folded = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = NEEDS_FOLDING.test(ch) ? ch.normalize('NFKC').toLowerCase() : ch;
    for (let k = 0; k < f.length; k++) origin.push(i);
    folded += f;
    i += ch.length;
  }
  origin.push(i);
  return { folded, origin: Int32Array.from(origin) };
}

/** A literal string inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
