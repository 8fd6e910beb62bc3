// Help when a search finds nothing or almost nothing: which word or filter emptied it, and
// one-click alternatives with their counts (drop a word, drop a filter, the words as OR, practice
// names close to the words, and in English the themes and agencies whose label matches).
import type { FacetCount, Scope, SearchBackend, SearchResult } from '../../core/types';
import { filterFields } from '../../core/fields';
import { parseQuery, type ParsedQuery } from '../../search/query';
import { pinyinWord } from '../../core/pinyin';
import { fold } from '../../core/normalize';
import type { Labels } from '../labels';
import { EMPTY_STATE, toggleFilter, urlFor, type SearchState } from '../url-state';

/** Below this many hits, a search gets suggestions. */
export const FEW_HITS = 3;

export type SuggestionKind = 'drop-word' | 'drop-filter' | 'or' | 'operator' | 'spelling' | 'practice' | 'theme' | 'agency';

export interface Suggestion {
  kind: SuggestionKind;
  /** The word, filter value or name the suggestion is about. */
  subject: string;
  url: string;
  count: number;
}

export interface Help {
  /** Words and filter values without which the search finds something. */
  culprits: { kind: 'word' | 'filter'; subject: string }[];
  suggestions: Suggestion[];
  /** On zero results: facet counts of the query without its filters, or of the whole corpus. */
  facets?: { scope: 'unfiltered' | 'corpus'; counts: SearchResult['facets'] };
  /** The interface is English and the query has Latin letters, while the reports are in Chinese. */
  latinQuery: boolean;
}

/** A query string for groups of words (alternatives joined by OR) and exclusions. */
export function queryString(groups: string[][], exclude: string[], scopes: (Scope | null)[] = [], excludeScopes: (Scope | null)[] = []): string {
  const plain = (w: string) => (/[\s"]/.test(w) || w === 'OR' || w.startsWith('-') ? `"${w.replace(/"/g, '')}"` : w);
  // A word keeps the scope it was typed with: heading:网格员, 调解~sentence (a phrase in a sentence is not written).
  const word = (w: string, scope: Scope | null | undefined) =>
    scope === 'heading' ? `heading:${plain(w)}` : scope && !/[\s"]/.test(w) ? `${plain(w)}~${scope}` : plain(w);
  return [...groups.map((g, i) => g.map((w) => word(w, scopes[i])).join(' OR ')), ...exclude.map((w, i) => `-${word(w, excludeScopes[i])}`)].join(' ');
}

/** How alike two words are: the share of character pairs they have in common (Dice). */
function likeness(a: string, b: string): number {
  const pairs = (s: string) => {
    const chars = Array.from(fold(s));
    return chars.length < 2 ? chars : chars.slice(1).map((c, i) => chars[i] + c);
  };
  const x = pairs(a);
  const y = new Set(pairs(b));
  if (!x.length || !y.size) return 0;
  const shared = x.filter((p) => y.has(p)).length;
  return (2 * shared) / (x.length + y.size);
}

/** 调解 or 网格, 调解 and 网格: a lower-case operator between Chinese words, and the query with it meant. */
function operatorHints(q: string): { subject: string; q: string }[] {
  return (['or', 'and'] as const).flatMap((op) => {
    const between = new RegExp(`(\\p{Script=Han}\\S*)\\s+${op}\\s+(?=\\S*\\p{Script=Han})`, 'gu');
    return between.test(q) ? [{ subject: op.toUpperCase(), q: q.replace(between, op === 'or' ? '$1 OR ' : '$1 ') }] : [];
  });
}

/** The names the corpus itself uses as facet values: practices, cities, districts. */
function corpusNames(corpus: SearchResult): string[] {
  return [...(corpus.facets.practice ?? []), ...(corpus.facets.city ?? []), ...(corpus.facets.district ?? [])].map((f) => f.value);
}

const MAX_NEAR = 3;

/**
 * Words of the vocabulary a typed word probably meant: the same toneless pinyin (调节 → 调解,
 * 网格圆 → 网格员), or most character pairs in common at a length one apart at most.
 */
export function nearWords(word: string, vocabulary: string[]): string[] {
  const length = Array.from(word).length;
  if (length < 2 || length > 12 || !/\p{Script=Han}/u.test(word)) return [];
  const sound = pinyinWord(word);
  const scored: { v: string; score: number }[] = [];
  for (const v of new Set(vocabulary)) {
    if (v === word || Math.abs(Array.from(v).length - length) > 1 || v.includes(word) || word.includes(v)) continue;
    const score = sound && pinyinWord(v) === sound ? 1 : likeness(word, v) >= 0.5 ? likeness(word, v) : 0;
    if (score > 0) scored.push({ v, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || (a.v < b.v ? -1 : 1))
    .slice(0, MAX_NEAR)
    .map((x) => x.v);
}

export async function suggest(backend: SearchBackend, state: SearchState, result: SearchResult, labels: Labels): Promise<Help | null> {
  const { taxonomy } = labels;
  const hasFilters = filterFields().some((f) => state.filters[f]?.length);
  const base = { ...state, page: 1 };
  const count = async (s: SearchState) =>
    (await backend.search({ q: s.q, ...(s.scope ? { scope: s.scope } : {}), filters: s.filters, page: 1, perPage: 1, facets: false, synonyms: s.synonyms }))
      .total;
  // Asked whatever the search found: 调解 or 网格 meant OR even when "or" occurs in the texts.
  const operators = await Promise.all(
    operatorHints(state.q).map(async (h) => {
      const s = { ...base, q: h.q };
      return { kind: 'operator' as const, subject: h.subject, url: urlFor('/', s), count: await count(s) };
    }),
  );
  if (result.total >= FEW_HITS || (!state.q && !hasFilters)) return operators.length ? { culprits: [], suggestions: operators, latinQuery: false } : null;
  const parsed: ParsedQuery = parseQuery(state.q);
  const candidates: { kind: SuggestionKind; subject: string; state: SearchState }[] = [];
  if (parsed.groups.length > 1 || (parsed.groups.length && parsed.exclude.length)) {
    parsed.groups.forEach((g, i) =>
      candidates.push({
        kind: 'drop-word',
        subject: g.join(' OR '),
        state: {
          ...base,
          q: queryString(
            parsed.groups.filter((_, j) => j !== i),
            parsed.exclude,
            parsed.scopes?.filter((_, j) => j !== i),
            parsed.excludeScopes,
          ),
        },
      }),
    );
  }
  for (const f of filterFields())
    for (const v of state.filters[f] ?? []) candidates.push({ kind: 'drop-filter', subject: labels.value(f, v, state.lang), state: toggleFilter(base, f, v) });
  // Near misses: a word the corpus's vocabulary has, spelt alike or sounding the same.
  const corpus = await backend.search({ q: '', filters: {}, page: 1, perPage: 1 });
  const vocabulary = [...taxonomy.vocabulary, ...corpusNames(corpus)];
  for (const w of parsed.groups.flat())
    for (const near of nearWords(w, vocabulary))
      candidates.push({
        kind: 'spelling',
        subject: near,
        state: {
          ...base,
          q: queryString(
            parsed.groups.map((g) => g.map((x) => (x === w ? near : x))),
            parsed.exclude,
            parsed.scopes,
            parsed.excludeScopes,
          ),
        },
      });
  if (parsed.groups.length > 1)
    candidates.push({ kind: 'or', subject: parsed.groups.flat().join(' OR '), state: { ...base, q: queryString([parsed.groups.flat()], parsed.exclude) } });
  const counted = await Promise.all(candidates.map(async (c) => ({ ...c, count: await count(c.state) })));
  const culprits = counted
    .filter((c) => (c.kind === 'drop-word' || c.kind === 'drop-filter') && c.count > result.total)
    .map((c) => ({ kind: c.kind === 'drop-word' ? ('word' as const) : ('filter' as const), subject: c.subject }));
  const suggestions: Suggestion[] = [...operators];
  suggestions.push(
    ...counted.filter((c) => c.count > result.total).map((c) => ({ kind: c.kind, subject: c.subject, url: urlFor('/', c.state), count: c.count })),
  );

  // Named practices close to the words typed, from the whole corpus.
  const words = parsed.groups.flat();
  const practices = (corpus.facets.practice ?? [])
    .map((p) => ({ p, score: Math.max(0, ...words.map((w) => likeness(w, p.value))) }))
    .filter((x) => x.score >= 0.3)
    .sort((a, b) => b.score - a.score || b.p.count - a.p.count)
    .slice(0, 3);
  for (const { p } of practices)
    suggestions.push({ kind: 'practice', subject: p.value, url: urlFor('/', { ...EMPTY_STATE, lang: state.lang, q: `"${p.value}"` }), count: p.count });

  const latinQuery = state.lang === 'en' && /[a-z]/i.test(state.q);
  if (latinQuery) {
    const latin = words.filter((w) => /[a-z]/i.test(w)).map((w) => w.toLowerCase());
    const labelled = (field: 'theme' | 'agency', list: { id: string; en: string }[], counts: FacetCount[] = []) =>
      list
        .filter((x) => latin.some((w) => x.en.toLowerCase().includes(w) || w.includes(x.en.toLowerCase())))
        .map((x) => ({
          kind: field,
          subject: labels.value(field, x.id, 'en'),
          url: urlFor('/', { ...EMPTY_STATE, lang: state.lang, filters: { [field]: [x.id] } }),
          count: counts.find((c) => c.value === x.id)?.count ?? 0,
        }));
    suggestions.push(...labelled('theme', taxonomy.themes, corpus.facets.theme), ...labelled('agency', taxonomy.agencies, corpus.facets.agency));
  }

  let facets: Help['facets'];
  if (result.total === 0) {
    const unfiltered = hasFilters
      ? await backend.search({ q: state.q, ...(state.scope ? { scope: state.scope } : {}), filters: {}, page: 1, perPage: 1, synonyms: state.synonyms })
      : null;
    facets = unfiltered && unfiltered.total > 0 ? { scope: 'unfiltered', counts: unfiltered.facets } : { scope: 'corpus', counts: corpus.facets };
  }
  return { culprits, suggestions, facets, latinQuery };
}
