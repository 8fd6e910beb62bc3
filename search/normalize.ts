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

/** True for a UTF-16 unit that folding leaves as it is (see NEEDS_FOLDING). */
function stable(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x21 && c <= 0x40) ||
    (c >= 0x5b && c <= 0x7e) ||
    (c >= 0x3001 && c <= 0x3035) ||
    (c >= 0x303b && c <= 0x303f) ||
    c === 32 ||
    c === 10
  );
}

/**
 * The folded text with, for each of its UTF-16 units, the offset in the original it came from:
 * highlighting finds folded needles in folded text and marks the original characters.
 */
export function foldWithOffsets(text: string): { folded: string; origin: Int32Array } {
  let origin = new Int32Array(text.length + 1);
  if (!NEEDS_FOLDING.test(text)) {
    for (let i = 0; i <= text.length; i++) origin[i] = i;
    return { folded: text, origin };
  }
  const parts: string[] = [];
  let n = 0;
  let i = 0;
  let plainFrom = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (stable(c)) {
      origin[n++] = i++;
      continue;
    }
    const width = c >= 0xd800 && c < 0xdc00 && i + 1 < text.length ? 2 : 1;
    const f = text
      .slice(i, i + width)
      .normalize('NFKC')
      .toLowerCase();
    parts.push(text.slice(plainFrom, i), f);
    if (n + f.length + (text.length - i) + 1 > origin.length) {
      const grown = new Int32Array(origin.length * 2 + f.length);
      grown.set(origin);
      origin = grown;
    }
    for (let k = 0; k < f.length; k++) origin[n++] = i;
    i += width;
    plainFrom = i;
  }
  parts.push(text.slice(plainFrom));
  origin[n] = text.length;
  return { folded: parts.join(''), origin: origin.subarray(0, n + 1) };
}

/** A literal string inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
