// Parses what a user typed into the query language every backend implements: words are ANDed,
// "quoted phrases" match exactly, -word excludes, and an upper-case OR between two words or phrases
// makes them alternatives, binding tighter than AND: 调解 OR 网格 法院 = (调解 OR 网格) AND 法院.
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

type Item = { or: true } | { or: false; text: string; negative: boolean; quoted: boolean };

function items(q: string): Item[] {
  const out: Item[] = [];
  const re = /(-?)"([^"]*)"?|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(q)) && out.length < MAX_PARTS * 2) {
    if (m[3] === 'OR') {
      out.push({ or: true });
      continue;
    }
    const negative = m[1] === '-' || (m[3] !== undefined && m[3].startsWith('-'));
    let text = m[2] !== undefined ? m[2] : m[3].replace(/^-+/, '');
    text = text.replace(/\s+/g, ' ').trim();
    if (m[2] === undefined) text = text.replace(/"/g, '');
    if (!/[\p{L}\p{N}]/u.test(text)) continue;
    out.push({ or: false, text, negative, quoted: m[2] !== undefined });
  }
  return out;
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
  const list = items(q);
  const groups: string[][] = [];
  const exclude: string[] = [];
  let parts = 0;
  list.forEach((item, i) => {
    if (parts >= MAX_PARTS) return;
    if (item.or) {
      // OR is an operator only between two words or phrases to look for; elsewhere it is the word itself.
      const prev = list[i - 1];
      const next = list[i + 1];
      if (prev && !prev.or && !prev.negative && next && !next.or && !next.negative) return;
      item = { or: false, text: 'OR', negative: false, quoted: false };
    }
    parts++;
    if (item.negative) {
      if (!exclude.includes(item.text)) exclude.push(item.text);
      return;
    }
    const prev = list[i - 1];
    const joined = prev?.or && list[i - 2] && !(list[i - 2] as { negative?: boolean }).negative && !list[i - 2].or;
    if (joined && groups.length) {
      const g = groups[groups.length - 1];
      if (!g.includes(item.text)) g.push(item.text);
    } else groups.push([item.text]);
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
  return { groups: unique.map(expand), exclude: expand(exclude), expansions };
}

/** Every word or phrase the query looks for: what a hit's text is highlighted with. */
export function needles(q: ParsedQuery): string[] {
  return [...new Set(q.groups.flat())];
}
