// One folding of text for matching, shared by the index and the query side of every backend:
// compatibility forms unified (full-width ＡＢＣ１２３ → ABC123), letters lower-cased, traditional
// Chinese characters read as simplified (楓橋經驗 → 枫桥经验, with OpenCC's character table).
// Folding works character by character, so a piece of a text folds to a piece of the folded text:
// substring search and highlighting stay exact. Whitespace separates runs; every other
// character, punctuation included, is part of the text to match.
import { Converter } from 'opencc-js/t2cn';

const WHITESPACE = /\s+/u;

interface FoldTable {
  /** For each UTF-16 unit: the unit it folds to, or MULTI when it folds to another length. */
  single: Uint16Array;
  multi: Map<number, string>;
}

const MULTI = 0xffff;
let table: FoldTable | null = null;

function isHanUnit(c: number): boolean {
  return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);
}

/** Each Han character of the BMP as OpenCC reads it in simplified Chinese, character by character. */
function simplifiedHan(): Map<number, string> {
  const han: number[] = [];
  for (let c = 0x3400; c < 0xfb00; c++) if (isHanUnit(c)) han.push(c);
  // One call over all characters, one per line: no dictionary phrase spans a line break.
  const converted = Converter({ from: 't', to: 'cn' })(han.map((c) => String.fromCharCode(c)).join('\n')).split('\n');
  const out = new Map<number, string>();
  if (converted.length !== han.length) return out;
  han.forEach((c, i) => converted[i] !== String.fromCharCode(c) && out.set(c, converted[i]));
  return out;
}

/** Built on first use: every BMP character folded once. */
function foldTable(): FoldTable {
  if (table) return table;
  const simplified = simplifiedHan();
  const single = new Uint16Array(0x10000);
  const multi = new Map<number, string>();
  for (let c = 0; c < 0x10000; c++) {
    single[c] = c;
    if (c >= 0xd800 && c < 0xe000) continue;
    const ch = String.fromCharCode(c);
    let f = ch.normalize('NFKC').toLowerCase();
    if (f.length === 1) f = simplified.get(f.charCodeAt(0)) ?? f;
    // Latin letters lose their accents and tone marks: Bǎoshān is baoshan.
    if (c >= 0xc0 && c < 0x250) {
      const bare = f.normalize('NFD').replace(/\p{M}/gu, '');
      if (bare.length === 1 && /\p{Script=Latin}/u.test(bare)) f = bare;
    }
    if (f === ch) continue;
    if (f.length === 1 && f.charCodeAt(0) !== MULTI) single[c] = f.charCodeAt(0);
    else {
      single[c] = MULTI;
      multi.set(c, f);
    }
  }
  single[MULTI] = MULTI;
  return (table = { single, multi });
}

/** Calls emit(folded piece, offset in the original) for each character that folding changes. */
function walk(text: string, onChange: (at: number, width: number, folded: string) => void): void {
  const { single, multi } = foldTable();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const pair = text.slice(i, i + 2);
      const f = pair.normalize('NFKC').toLowerCase();
      if (f !== pair) onChange(i, 2, f);
      i++;
      continue;
    }
    const m = single[c];
    if (m === c) continue;
    onChange(i, 1, m === MULTI ? (multi.get(c) as string) : String.fromCharCode(m));
  }
}

/** The folded form of a string. */
export function fold(text: string): string {
  const parts: string[] = [];
  let from = 0;
  walk(text, (at, width, folded) => {
    parts.push(text.slice(from, at), folded);
    from = at + width;
  });
  if (!parts.length) return text;
  parts.push(text.slice(from));
  return parts.join('');
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
  const parts: string[] = [];
  const origin: number[] = [];
  let from = 0;
  const copy = (to: number) => {
    for (let k = from; k < to; k++) origin.push(k);
    parts.push(text.slice(from, to));
  };
  walk(text, (at, width, folded) => {
    copy(at);
    for (let k = 0; k < folded.length; k++) origin.push(at);
    parts.push(folded);
    from = at + width;
  });
  copy(text.length);
  origin.push(text.length);
  return { folded: parts.join(''), origin: Int32Array.from(origin) };
}

/** A literal string inside a regular expression. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
