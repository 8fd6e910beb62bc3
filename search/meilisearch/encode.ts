// The token stream of tokens.ts, spelled so that Meilisearch keeps every token whole. Each code
// point becomes a short run of lower-case letters and digits in a prefix-free code: a CJK unified
// ideograph (U+4E00–U+9FFF) three symbols, led by a–t; any other BMP code point four, led by u–y;
// an astral one five, led by z. A bigram is its two characters' codes, a tail (the last character
// of a run) its character's code alone, and the gap between runs is the word "r" (no code is one
// symbol long). Meilisearch's own segmentation then sees plain ASCII words, and a query word is
// one exact phrase of them: the same substring rule as the embedded engine. Lone characters are
// looked up in a filterable list of a chunk's characters rather than as words.
// Scopes get words of their own: a word of a chunk's heading, or of its n-th sentence or paragraph,
// is also written with a two-symbol suffix led by a digit (which no code is), so that a scoped
// query word, suffixed alike, matches only there: a phrase of words with one sentence's suffix can
// only stand within that sentence.
import { GAP, keyChars, pattern, tokenStream } from '../tokens';
import { foldedRuns } from '../../core/normalize';

const SYMBOLS = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HAN_FIRST = 0x4e00;
const HAN_LAST = 0x9fff;

function digits(n: number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) {
    out = SYMBOLS[n % 36] + out;
    n = Math.floor(n / 36);
  }
  return out;
}

/** One code point's code: 3 symbols for a CJK ideograph, 4 for the rest of the BMP, 5 beyond. */
export function codeOf(cp: number): string {
  if (cp >= HAN_FIRST && cp <= HAN_LAST) return digits(cp - HAN_FIRST, 3); // first symbol a–q
  if (cp <= 0xffff) return SYMBOLS[20 + Math.floor(cp / 36 ** 3)] + digits(cp % 36 ** 3, 3); // u–y
  return `z${digits(cp, 4)}`;
}

export const GAP_WORD = 'r';

function word(key: number): string {
  const [a, b] = keyChars(key);
  return b === 0 ? codeOf(a) : codeOf(a) + codeOf(b);
}

/** How many sentences and paragraphs of a chunk get suffixes of their own; later ones share the last. */
export const UNIT_SLOTS = { sentence: 24, paragraph: 12 } as const;

/** The suffix of a heading's words, or of the words of a chunk's n-th sentence or paragraph (from 0). */
export function scopeSuffix(scope: 'heading' | 'sentence' | 'paragraph', n = 0): string {
  if (scope === 'heading') return '9z';
  const slot = Math.min(n, UNIT_SLOTS[scope] - 1) + (scope === 'paragraph' ? 144 : 0);
  return SYMBOLS[26 + Math.floor(slot / 36)] + SYMBOLS[slot % 36];
}

/** A text as the space-separated words of its token stream (each with a scope's suffix, when given). */
export function encodeText(text: string, suffix = ''): string {
  return tokenStream(text)
    .map((k) => (k === GAP ? GAP_WORD : word(k)) + suffix)
    .join(' ');
}

/** The distinct characters of texts, folded: what a lone-character query looks for. */
export function distinctChars(texts: string[]): string[] {
  const seen = new Set<string>();
  for (const text of texts) for (const run of foldedRuns(text)) for (const ch of run) seen.add(ch);
  return [...seen];
}

/** What a query word requires: exact phrases of words, and characters the chunk must hold. */
export interface EncodedPart {
  phrases: string[];
  chars: string[];
}

/**
 * A query word as Meilisearch phrases that all must match. Normally one phrase of its tokens at
 * their offsets (gaps spelled "r"); a lone character is looked up in the character list, and one
 * that ends a phrase after whitespace is required there too (a slightly wider match).
 */
export function encodeQueryPart(part: string, suffix = ''): EncodedPart {
  const tokens = pattern(part);
  const words: string[] = [];
  const chars: string[] = [];
  let next = 0;
  for (const t of tokens) {
    if (t.prefix) {
      chars.push(String.fromCodePoint(t.char));
      continue;
    }
    while (next < t.offset) {
      words.push(GAP_WORD);
      next++;
    }
    words.push(word(t.key));
    next = t.offset + 1;
  }
  // Trailing gap words say nothing the tail token did not already say.
  while (words[words.length - 1] === GAP_WORD) words.pop();
  return { phrases: words.length ? [`"${words.map((w) => w + suffix).join(' ')}"`] : [], chars };
}
