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

export function userDictionary(): string | null {
  return userDictPath;
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

export interface Grams {
  /** Each Han run as its bigrams (a lone character stays itself), each Latin/digit run whole:
   *  a contiguous piece of text is then a contiguous phrase of these tokens. */
  grams: string[];
  /** The last character of every Han run, so that a one-character query finds it by prefix. */
  tails: string[];
}

export function gramsOf(text: string): Grams {
  const grams: string[] = [];
  const tails: string[] = [];
  for (const run of runsOf(text)) {
    if (!HAN.test(run[0])) {
      grams.push(run);
      continue;
    }
    const chars = Array.from(run);
    if (chars.length === 1) grams.push(run);
    for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1]);
    if (chars.length > 1) tails.push(chars[chars.length - 1]);
  }
  return { grams, tails };
}

export function gramTokens(text: string): string[] {
  return gramsOf(text).grams;
}

export function tailTokens(text: string): string[] {
  return gramsOf(text).tails;
}

const WORD = /^[\p{L}\p{N}]+$/u;
// Words of one or two characters are already tokens of the bigram layer; indexing them twice
// would double the index for no gain in what can be found.
const LONG_WORD = /^(?=.*\p{Script=Han})[\p{L}\p{N}]{3,}$/u;

// The text is normalised once before cutting, so tokens only need a shape check.
// HMM guessing is off on both sides so that a query word is cut as the index cuts it.
function words(tokens: string[]): string[] {
  return tokens.filter((t) => WORD.test(t));
}

/** Jieba search-mode words of three or more characters (whole words and the dictionary words inside them). */
export function searchWords(text: string): string[] {
  return segmenter()
    .cutForSearch(text.normalize('NFKC').toLowerCase(), false)
    .filter((t) => LONG_WORD.test(t));
}

/** Jieba precise-mode words of a query word. */
export function queryWords(text: string): string[] {
  return words(segmenter().cut(text.normalize('NFKC').toLowerCase(), false));
}

/** Jieba precise-mode tokens of text as written, punctuation included. */
export function cutWords(text: string): string[] {
  return segmenter().cut(text, false);
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
