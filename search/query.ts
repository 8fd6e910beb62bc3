// Parses what a user typed into the query language every backend implements: words are ANDed,
// "quoted phrases" match exactly, -word excludes, and an upper-case OR between two words or phrases
// makes them alternatives, binding tighter than AND: 调解 OR 网格 法院 = (调解 OR 网格) AND 法院.
// Researchers' habits read the same way: 、 , ; and + between Chinese words separate words like a
// space, | and 或 are OR, AND and 且 are AND, NOT and 非 exclude the next word or phrase.
// Synonym groups from the taxonomy add alternatives to a word that holds one of their words.

const MAX_PARTS = 32;
const MAX_ALTERNATIVES = 16;

import { LIMITS } from '../core/fields';
import type { Expansion } from '../core/types';

export type { Expansion };

export interface ParsedQuery {
  /** Groups that must all match; a group matches where any one of its alternatives does. */
  groups: string[][];
  /** Words and phrases that must not occur. */
  exclude: string[];
  /** What synonyms added. */
  expansions: Expansion[];
  /** The query used separators or operators other than spaces, quotes, - and OR (调解、网格, 调解|网格, 且 …). */
  habits?: boolean;
}

export interface ParseOptions {
  /** Synonym groups to apply (none when omitted). */
  synonyms?: string[][];
}

/** Makes any string safe to work with: well-formed UTF-16, NFKC-normalised, no control characters. */
export function cleanText(input: unknown): string {
  if (typeof input !== 'string') return '';
  return (
    input
      .toWellFormed()
      .normalize('NFKC')
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u2028\u2029\ufeff]/g, ' ')
  );
}

type Item = { op: 'or' | 'and' | 'not'; text: string } | { op?: undefined; text: string; negative: boolean; quoted: boolean };

const OPERATORS: Record<string, 'or' | 'and' | 'not'> = { OR: 'or', 或: 'or', AND: 'and', 且: 'and', NOT: 'not', 非: 'not' };
/** Separators inside an unquoted word: 、 ; always, a comma not between digits (48,600), + between Han characters (not 4+N). */
const SEPARATOR = /[、;]|(?<!\d),|,(?!\d)|(?<=\p{Script=Han})\+(?=\p{Script=Han})/u;

function items(q: string): { list: Item[]; habits: boolean } {
  const out: Item[] = [];
  let habits = false;
  const re = /(-?)"([^"]*)"?|(\S+)/g;
  let m: RegExpExecArray | null;
  const push = (raw: string, negative: boolean, quoted: boolean) => {
    let text = raw.replace(/\s+/g, ' ').trim();
    if (!quoted) text = text.replace(/"/g, '');
    if (/[\p{L}\p{N}]/u.test(text)) out.push({ text, negative, quoted });
  };
  while ((m = re.exec(q)) && out.length < MAX_PARTS * 2) {
    if (m[2] !== undefined) {
      push(m[2], m[1] === '-', true);
      continue;
    }
    const token = m[3];
    if (Object.hasOwn(OPERATORS, token)) {
      if (token !== 'OR') habits = true;
      out.push({ op: OPERATORS[token], text: token });
      continue;
    }
    const negative = token.startsWith('-');
    // 调解|网格 is 调解 OR 网格; 调解、网格 is 调解 网格.
    const alternatives = token.replace(/^-+/, '').split('|');
    if (alternatives.length > 1) habits = true;
    alternatives.forEach((alt, i) => {
      if (i > 0) out.push({ op: 'or', text: '|' });
      const pieces = alt.split(SEPARATOR);
      if (pieces.length > 1) habits = true;
      pieces.forEach((piece, j) => push(piece, negative && i === 0 && j === 0, false));
    });
  }
  return { list: out, habits };
}

/** The alternatives a synonym group adds to a word: the group's other words in place of the one it holds. */
function synonymsOf(word: string, groups: string[][]): string[] {
  let best: { member: string; group: string[] } | null = null;
  for (const group of groups) for (const member of group) if (word.includes(member) && (!best || member.length > best.member.length)) best = { member, group };
  if (!best) return [];
  const { member, group } = best;
  return group.filter((m) => m !== member).map((m) => word.replace(member, m));
}

export function parseQuery(raw: unknown, opts: ParseOptions = {}): ParsedQuery {
  const q = cleanText(raw)
    .slice(0, LIMITS.queryLength)
    .replace(/[“”„‟＂]/g, '"');
  const { list, habits } = items(q);
  const groups: string[][] = [];
  const exclude: string[] = [];
  const isTerm = (x: Item | undefined): x is Extract<Item, { op?: undefined }> => !!x && x.op === undefined;
  let parts = 0;
  let joinNext = false;
  let negateNext = false;
  list.forEach((item, i) => {
    if (parts >= MAX_PARTS) return;
    const prev = list[i - 1];
    const next = list[i + 1];
    if (item.op !== undefined) {
      // An operator works only where it has its words: OR and AND between two, NOT before one;
      // elsewhere it is the word itself.
      if (item.op === 'or' && isTerm(prev) && !prev.negative && isTerm(next) && !next.negative) return void (joinNext = true);
      if (item.op === 'and' && isTerm(prev) && isTerm(next)) return;
      if (item.op === 'not' && isTerm(next) && !next.negative) return void (negateNext = true);
      if (item.text === '|') return;
      item = { text: item.text, negative: false, quoted: false };
    }
    parts++;
    const negative = item.negative || negateNext;
    negateNext = false;
    if (negative) {
      joinNext = false;
      if (!exclude.includes(item.text)) exclude.push(item.text);
      return;
    }
    if (joinNext && groups.length) {
      const g = groups[groups.length - 1];
      if (!g.includes(item.text)) g.push(item.text);
    } else groups.push([item.text]);
    joinNext = false;
  });
  // A group equal to another adds nothing.
  const seen = new Set<string>();
  const unique = groups.filter((g) => {
    const key = JSON.stringify([...g].sort());
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const expansions: Expansion[] = [];
  const expand = (words: string[]): string[] => {
    if (!opts.synonyms?.length) return words;
    const out = [...words];
    for (const w of words) {
      const added = synonymsOf(w, opts.synonyms).filter((s) => !out.includes(s));
      if (!added.length) continue;
      const room = added.slice(0, Math.max(0, MAX_ALTERNATIVES - out.length));
      if (!room.length) continue;
      out.push(...room);
      expansions.push({ word: w, added: room });
    }
    return out;
  };
  return { groups: unique.map(expand), exclude: expand(exclude), expansions, ...(habits ? { habits } : {}) };
}

/** Every word or phrase the query looks for: what a hit's text is highlighted with. */
export function needles(q: ParsedQuery): string[] {
  return [...new Set(q.groups.flat())];
}
