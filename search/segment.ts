// Chinese segmentation shared by the index and the query side: jieba search-mode words for
// ranking, plus character bigrams so that a word is found inside longer words.
import fs from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

const HAN = /\p{Script=Han}/u;
// A run is a stretch of Han characters or of Latin letters and digits; everything else separates.
const RUN = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

let jieba: Jieba | null = null;
let userDictPath: string | null = null;

/** Points the segmenter at the corpus dictionary; takes effect before the first segmentation. */
export function useUserDictionary(path: string | null): void {
  if (path !== userDictPath) jieba = null;
  userDictPath = path;
}

function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    if (userDictPath && fs.existsSync(userDictPath)) jieba.loadDict(fs.readFileSync(userDictPath));
  }
  return jieba;
}

function runsOf(text: string): string[] {
  return (text.normalize('NFKC').toLowerCase().match(RUN) ?? []) as string[];
}

/**
 * Tokens for substring matching: each Han run becomes its bigrams (a single character stays
 * itself), each Latin/digit run stays whole. A contiguous piece of text therefore maps to a
 * contiguous phrase of these tokens.
 */
export function gramTokens(text: string): string[] {
  const out: string[] = [];
  for (const run of runsOf(text)) {
    if (!HAN.test(run[0]) || run.length === 1) {
      out.push(run);
      continue;
    }
    const chars = Array.from(run);
    if (chars.length === 1) out.push(run);
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  }
  return out;
}

/** The last character of every Han run, so that a single-character query finds it by prefix. */
export function tailTokens(text: string): string[] {
  const out: string[] = [];
  for (const run of runsOf(text)) {
    if (HAN.test(run[0]) && run.length > 1) out.push(Array.from(run).pop() as string);
  }
  return out;
}

function wordLike(token: string): string | null {
  const t = token.normalize('NFKC').toLowerCase();
  return /^[\p{L}\p{N}]+$/u.test(t) ? t : null;
}

/** Jieba search-mode words (whole words and the dictionary words inside them). */
export function searchWords(text: string): string[] {
  const out: string[] = [];
  for (const token of segmenter().cutForSearch(text, true)) {
    const w = wordLike(token);
    if (w) out.push(w);
  }
  return out;
}

/** Jieba precise-mode words of a query word. */
export function queryWords(text: string): string[] {
  const out: string[] = [];
  for (const token of segmenter().cut(text, false)) {
    const w = wordLike(token);
    if (w) out.push(w);
  }
  return out;
}

/** Loads the dictionaries now rather than on the first query. */
export function warmUp(): void {
  segmenter();
}

/** Part-of-speech tagged words, for extractors that need to tell nouns from verbs. */
export function taggedWords(text: string): { word: string; tag: string }[] {
  return segmenter().tag(text, true);
}

export function isHan(ch: string): boolean {
  return HAN.test(ch);
}
