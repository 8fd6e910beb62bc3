// The token stream both backends index, and the token patterns a query word becomes.
//
// Folded text (see normalize.ts) is a sequence of characters in whitespace-separated runs. Each
// character position carries one token: the bigram of that character and the next one in its run,
// or, for the last character of a run, a "tail" token of that character alone. Between runs one
// position is left empty. Any piece of text of two or more characters is then exactly the sequence
// of its bigrams at consecutive positions, so a word is found wherever a substring search would
// find it, whatever mix of Han, Latin letters, digits and punctuation it holds.
import { fold, foldedRuns } from '../core/normalize';

const SHIFT = 2 ** 21; // code points need 21 bits

/** A bigram's key: both code points in one number. */
export function bigramKey(a: number, b: number): number {
  return a * SHIFT + b;
}

/** The key of a character ending a run. */
export function tailKey(a: number): number {
  return a * SHIFT;
}

export function isTail(key: number): boolean {
  return key % SHIFT === 0;
}

/** The key range [lo, hi) of every token that starts with a character: its bigrams and its tail. */
export function prefixRange(a: number): [number, number] {
  return [a * SHIFT, (a + 1) * SHIFT];
}

/** First and second code point of a key (the second is 0 for a tail). */
export function keyChars(key: number): [number, number] {
  const a = Math.floor(key / SHIFT);
  return [a, key - a * SHIFT];
}

export const GAP = -1;

/** Whitespace as \s matches it: what separates runs. */
export function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Calls visit(position, a, b) for every token of already folded text: b is the next character's
 * code point, or 0 for a tail. Returns the number of positions used (gaps included). This loop is
 * the indexer's inner loop, so it walks UTF-16 units itself rather than splitting strings.
 */
export function eachToken(folded: string, visit: (position: number, a: number, b: number) => void): number {
  const n = folded.length;
  let pos = 0;
  let prev = -1;
  let i = 0;
  while (i < n) {
    let c = folded.charCodeAt(i++);
    if (c >= 0xd800 && c < 0xdc00 && i < n) {
      const d = folded.charCodeAt(i);
      if (d >= 0xdc00 && d < 0xe000) {
        c = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        i++;
      }
    }
    if (isSpace(c)) {
      if (prev !== -1) {
        visit(pos++, prev, 0);
        pos++;
        prev = -1;
      }
      continue;
    }
    if (prev !== -1) visit(pos++, prev, c);
    prev = c;
  }
  if (prev !== -1) visit(pos++, prev, 0);
  else if (pos > 0) pos--;
  return pos;
}

/** Tokens of a text by position; GAP marks the position between two runs. */
export function tokenStream(text: string): number[] {
  const out: number[] = [];
  eachToken(fold(text), (p, a, b) => {
    while (out.length < p) out.push(GAP);
    out.push(a * SHIFT + b);
  });
  return out;
}

/** One token a query word requires at an offset from the word's start. */
export type PatternToken = { offset: number; key: number; prefix: false } | { offset: number; char: number; prefix: true };

/**
 * What a query word or phrase requires: tokens at fixed offsets from a common start. A piece of
 * two or more characters needs its bigrams, and its tail where whitespace follows it inside a
 * phrase; a lone character needs its tail where whitespace follows, otherwise any token it starts.
 */
export function pattern(part: string): PatternToken[] {
  const runs = foldedRuns(part);
  const out: PatternToken[] = [];
  let at = 0;
  runs.forEach((run, r) => {
    const last = r === runs.length - 1;
    for (let i = 0; i + 1 < run.length; i++)
      out.push({ offset: at + i, key: bigramKey(run[i].codePointAt(0) as number, run[i + 1].codePointAt(0) as number), prefix: false });
    const endChar = run[run.length - 1].codePointAt(0) as number;
    if (!last) out.push({ offset: at + run.length - 1, key: tailKey(endChar), prefix: false });
    else if (run.length === 1) out.push({ offset: at, char: endChar, prefix: true });
    at += run.length + 1;
  });
  return out;
}
