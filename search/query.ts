// Parses what a user typed into the query language every backend implements: words are ANDed,
// "quoted phrases" match exactly, -word excludes, and an upper-case OR between two words or phrases
// makes them alternatives, binding tighter than AND: 调解 OR 网格 法院 = (调解 OR 网格) AND 法院.
// Researchers' habits read the same way: 、 , ; and + between Chinese words separate words like a
// space, | and 或 are OR, AND and 且 are AND, NOT and 非 exclude the next word or phrase.
// Synonym groups from the taxonomy add alternatives to a word that holds one of their words.
// Scopes, as CNKI offers them: heading:网格员 (标题:网格员, also with a full-width colon) finds the
// word in headings only; "网格员 调解"~sentence (~paragraph, ~同句, ~同段) finds all the quoted words
// within one sentence (paragraph) of the text. A request may give a scope to every word at once.

const MAX_PARTS = 32;
const MAX_ALTERNATIVES = 16;

import { LIMITS } from '../core/fields';
import type { Expansion, Scope } from '../core/types';

export type { Expansion, Scope };

/** Something in the query that was read differently from how it was typed. */
export type QueryNote =
  | { code: 'unknown-scope'; text: string }
  | { code: 'empty-scope'; text: string }
  | { code: 'mixed-scopes'; scope: Scope }
  | { code: 'scope-without-words'; scope: Scope };

export interface ParsedQuery {
  /** Groups that must all match; a group matches where any one of its alternatives does. */
  groups: string[][];
  /** Words and phrases that must not occur. */
  exclude: string[];
  /** What synonyms added. */
  expansions: Expansion[];
  /** The query used separators or operators other than spaces, quotes, - and OR (调解、网格, 调解|网格, 且 …). */
  habits?: boolean;
  /** Each group's scope (null: anywhere); present only when some word has one. */
  scopes?: (Scope | null)[];
  /** Each excluded word's scope, likewise. */
  excludeScopes?: (Scope | null)[];
  /** What was read differently from how it was typed. */
  notes?: QueryNote[];
}

export interface ParseOptions {
  /** Synonym groups to apply (none when omitted). */
  synonyms?: string[][];
  /** The scope of every word that has none of its own. */
  scope?: Scope;
}

/** The prefixes that put a word in headings (heading:, 标题:, 篇名: …). */
const HEADING_PREFIX = /^(?:heading|title|标题|篇名|题名|标题中):/iu;
/** The suffixes that keep words in one sentence or paragraph. */
const PROXIMITY: Record<string, Scope> = {
  sentence: 'sentence',
  sen: 'sentence',
  句: 'sentence',
  同句: 'sentence',
  paragraph: 'paragraph',
  para: 'paragraph',
  段: 'paragraph',
  同段: 'paragraph',
};

/** The proximity scope a ~suffix names, or a note when it names none. */
function proximityOf(suffix: string | undefined, notes: QueryNote[]): Scope | undefined {
  if (suffix === undefined) return undefined;
  const scope = Object.hasOwn(PROXIMITY, suffix.toLowerCase()) ? PROXIMITY[suffix.toLowerCase()] : undefined;
  if (!scope) notes.push({ code: 'unknown-scope', text: `~${suffix}` });
  return scope;
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

type Term = { op?: undefined; text: string; negative: boolean; quoted: boolean; scope?: Scope };
type Item = { op: 'or' | 'and' | 'not'; text: string } | Term;

const OPERATORS: Record<string, 'or' | 'and' | 'not'> = { OR: 'or', 或: 'or', AND: 'and', 且: 'and', NOT: 'not', 非: 'not' };
/** Separators inside an unquoted word: 、 ; always, a comma not between digits (48,600), + between Han characters (not 4+N). */
const SEPARATOR = /[、;]|(?<!\d),|,(?!\d)|(?<=\p{Script=Han})\+(?=\p{Script=Han})/u;

interface Items {
  list: Item[];
  habits: boolean;
  /** A ~sentence or ~paragraph standing alone: the scope of every word without one. */
  queryScope?: Scope;
}

function items(q: string, notes: QueryNote[]): Items {
  const out: Item[] = [];
  let habits = false;
  let queryScope: Scope | undefined;
  const re = /(-?)((?:heading|title|标题|篇名|题名):)?"([^"]*)"?(?:~([\p{L}]*))?|(\S+)/giu;
  let m: RegExpExecArray | null;
  const push = (raw: string, negative: boolean, quoted: boolean, scope?: Scope) => {
    let text = raw.replace(/\s+/g, ' ').trim();
    if (!quoted) text = text.replace(/"/g, '');
    if (/[\p{L}\p{N}]/u.test(text)) out.push({ text, negative, quoted, ...(scope ? { scope } : {}) });
  };
  while ((m = re.exec(q)) && out.length < MAX_PARTS * 2) {
    if (m[3] !== undefined) {
      const negative = m[1] === '-';
      const proximity = proximityOf(m[4], notes);
      if (m[2] || m[4] !== undefined) habits = true;
      // "网格员 调解"~sentence: the quoted words, each on its own, all in one sentence.
      if (proximity) for (const w of m[3].split(/\s+/u).flatMap((x) => x.split(SEPARATOR))) push(w, negative, false, proximity);
      else push(m[3], negative, true, m[2] ? 'heading' : undefined);
      continue;
    }
    let token = m[5];
    if (Object.hasOwn(OPERATORS, token)) {
      if (token !== 'OR') habits = true;
      out.push({ op: OPERATORS[token], text: token });
      continue;
    }
    const negative = token.startsWith('-');
    token = token.replace(/^-+/, '');
    let scope: Scope | undefined;
    const prefix = HEADING_PREFIX.exec(token);
    if (prefix) {
      habits = true;
      token = token.slice(prefix[0].length);
      scope = 'heading';
      if (!/[\p{L}\p{N}]/u.test(token)) {
        notes.push({ code: 'empty-scope', text: prefix[0] });
        continue;
      }
    }
    const tilde = /~([\p{L}]*)$/u.exec(token);
    if (tilde) {
      habits = true;
      token = token.slice(0, tilde.index);
      const proximity = proximityOf(tilde[1], notes);
      // ~sentence alone: every word of the query in one sentence.
      if (!/[\p{L}\p{N}]/u.test(token)) {
        queryScope = proximity ?? queryScope;
        continue;
      }
      scope = proximity ?? scope;
    }
    // 调解|网格 is 调解 OR 网格; 调解、网格 is 调解 网格.
    const alternatives = token.split('|');
    if (alternatives.length > 1) habits = true;
    alternatives.forEach((alt, i) => {
      if (i > 0) out.push({ op: 'or', text: '|' });
      const pieces = alt.split(SEPARATOR);
      if (pieces.length > 1) habits = true;
      pieces.forEach((piece, j) => push(piece, negative && i === 0 && j === 0, false, scope));
    });
  }
  return { list: out, habits, ...(queryScope ? { queryScope } : {}) };
}

/** The alternatives a synonym group adds to a word: the group's other words in place of the one it holds. */
function synonymsOf(word: string, groups: string[][]): string[] {
  let best: { member: string; group: string[] } | null = null;
  for (const group of groups) for (const member of group) if (word.includes(member) && (!best || member.length > best.member.length)) best = { member, group };
  if (!best) return [];
  const { member, group } = best;
  return group.filter((m) => m !== member).map((m) => word.replace(member, m));
}

interface Group {
  words: string[];
  scope: Scope | null;
}

const isProximity = (s: Scope | null): boolean => s === 'sentence' || s === 'paragraph';

/** One proximity scope a query: later ones take the first's; a proximity without positive words is dropped. */
function settleScopes(groups: Group[], exclude: Group[], notes: QueryNote[]): void {
  const all = [...groups, ...exclude];
  const proximity = all.map((x) => x.scope).find(isProximity) ?? null;
  if (!proximity) return;
  if (all.some((x) => isProximity(x.scope) && x.scope !== proximity)) notes.push({ code: 'mixed-scopes', scope: proximity });
  for (const x of all) if (isProximity(x.scope)) x.scope = proximity;
  if (groups.some((g) => g.scope === proximity)) return;
  for (const e of exclude) if (e.scope === proximity) e.scope = null;
  notes.push({ code: 'scope-without-words', scope: proximity });
}

export function parseQuery(raw: unknown, opts: ParseOptions = {}): ParsedQuery {
  const q = cleanText(raw)
    .slice(0, LIMITS.queryLength)
    .replace(/[“”„‟＂]/g, '"');
  const notes: QueryNote[] = [];
  const { list, habits, queryScope } = items(q, notes);
  const groups: Group[] = [];
  const exclude: Group[] = [];
  const isTerm = (x: Item | undefined): x is Term => !!x && x.op === undefined;
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
    const scope = item.scope ?? null;
    negateNext = false;
    if (negative) {
      joinNext = false;
      if (!exclude.some((e) => e.words[0] === item.text && e.scope === scope)) exclude.push({ words: [item.text], scope });
      return;
    }
    if (joinNext && groups.length) {
      const g = groups[groups.length - 1];
      if (!g.words.includes(item.text)) g.words.push(item.text);
      g.scope ??= scope;
    } else groups.push({ words: [item.text], scope });
    joinNext = false;
  });
  const fallback = queryScope ?? opts.scope ?? null;
  for (const x of [...groups, ...exclude]) x.scope ??= fallback;
  settleScopes(groups, exclude, notes);
  // A group equal to another adds nothing.
  const seen = new Set<string>();
  const unique = groups.filter((g) => {
    const key = JSON.stringify([[...g.words].sort(), g.scope]);
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
  const excluded: Group[] = [];
  for (const e of exclude)
    for (const w of expand(e.words)) if (!excluded.some((x) => x.words[0] === w && x.scope === e.scope)) excluded.push({ words: [w], scope: e.scope });
  const scoped = unique.some((g) => g.scope) || excluded.some((e) => e.scope);
  return {
    groups: unique.map((g) => expand(g.words)),
    exclude: excluded.map((e) => e.words[0]),
    expansions,
    ...(habits ? { habits } : {}),
    ...(scoped ? { scopes: unique.map((g) => g.scope), excludeScopes: excluded.map((e) => e.scope) } : {}),
    ...(notes.length ? { notes } : {}),
  };
}

/** Every word or phrase the query looks for: what a hit's text is highlighted with. */
export function needles(q: ParsedQuery): string[] {
  return [...new Set(q.groups.flat())];
}
