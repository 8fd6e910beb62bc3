// Chinese word segmentation (jieba, with the corpus dictionary) for the extractors that need to
// tell words apart, such as a figure's label. Searching does not segment: see search/tokens.ts.
import fs from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

let jieba: Jieba | null = null;
let userDictPath: string | null = null;

/** Points the segmenter at the corpus dictionary; takes effect before the next segmentation. */
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

/** Jieba precise-mode tokens of text as written, punctuation included. */
export function cutWords(text: string): string[] {
  return segmenter().cut(text, false);
}

/** Part-of-speech tagged words, for extractors that need to tell nouns from verbs. */
export function taggedWords(text: string): { word: string; tag: string }[] {
  return segmenter().tag(text, true);
}
