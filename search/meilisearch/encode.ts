// The token stream of tokens.ts, spelled so that Meilisearch keeps every token whole: each code
// point becomes four letters a–p (astral ones "z" and six), a bigram is its two characters' letters,
// a tail ends in "q", a gap between runs is the word "r", and a character in the set of a chunk's
// characters ends in "s". Meilisearch's own segmentation then sees plain lower-case Latin words,
// and a query word is one exact phrase of them: the same substring rule as the embedded engine.
import { GAP, keyChars, pattern, tokenStream } from '../tokens';
import { foldedRuns } from '../../core/normalize';

const LETTERS = 'abcdefghijklmnop';

function letters(cp: number): string {
  const digits = cp > 0xffff ? 6 : 4;
  let out = '';
  for (let i = digits - 1; i >= 0; i--) out += LETTERS[(cp >> (4 * i)) & 15];
  return digits === 6 ? `z${out}` : out;
}

export const GAP_WORD = 'r';

function word(key: number): string {
  const [a, b] = keyChars(key);
  return b === 0 ? `${letters(a)}q` : letters(a) + letters(b);
}

/** A text as the space-separated words of its token stream. */
export function encodeText(text: string): string {
  return tokenStream(text)
    .map((k) => (k === GAP ? GAP_WORD : word(k)))
    .join(' ');
}

/** The distinct characters of a text, one word each: what a lone-character query looks for. */
export function encodeChars(text: string): string {
  const seen = new Set<number>();
  for (const run of foldedRuns(text)) for (const ch of run) seen.add(ch.codePointAt(0) as number);
  return [...seen].map((cp) => `${letters(cp)}s`).join(' ');
}

/**
 * A query word as Meilisearch phrases that all must match. Normally one phrase of its tokens at
 * their offsets (gaps spelled "r"); a lone character is looked up in the character set, and one
 * that ends a phrase after whitespace becomes a phrase of its own there (a slightly wider match).
 */
export function encodeQueryPart(part: string): string[] {
  const tokens = pattern(part);
  if (tokens.length === 0) return [];
  const words: string[] = [];
  const extra: string[] = [];
  let next = 0;
  for (const t of tokens) {
    if (t.prefix) {
      extra.push(`"${letters(t.char)}s"`);
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
  return [...(words.length ? [`"${words.join(' ')}"`] : []), ...extra];
}
