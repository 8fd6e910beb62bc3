// The whole state of a search page lives in its URL. parseSearchState and toSearchParams are
// symmetrical: parsing what toSearchParams wrote gives the same state back.
import type { Filters, FilterField, Sort } from '../core/types';
import { MAX_PER_PAGE, SORTS } from '../core/types';
import { field, filterFields, LIMITS } from '../core/fields';
import { cleanText } from '../search/query';
import { describeProblem, type Problem } from './problems';
import { langOf, type Lang } from './lang';

export const DEFAULT_PER_PAGE = 20;
export const MAX_Q_LENGTH = LIMITS.queryLength;

export interface SearchState {
  q: string;
  filters: Filters;
  sort: Sort | null;
  /** Also search the synonyms of the query's words (syn=0 turns this off). */
  synonyms: boolean;
  page: number;
  perPage: number;
  lang: Lang;
}

export const EMPTY_STATE: SearchState = { q: '', filters: {}, sort: null, synonyms: true, page: 1, perPage: DEFAULT_PER_PAGE, lang: 'zh' };

/** The keys a search URL may carry, in their canonical order; anything else is ignored. */
export const STATE_KEYS = ['q', ...filterFields(), 'sort', 'syn', 'page', 'per_page', 'lang'] as const;

/** A request no page can show; the problem is told to the reader in the page's language. */
export class StateError extends Error {
  constructor(readonly problem: Problem) {
    super(describeProblem(problem, 'en'));
  }
}

export interface Parsed {
  state: SearchState;
  /** Things we changed rather than refused (an over-long query cut short). */
  notices: string[];
}

type Query = Record<string, unknown>;

function values(query: Query, key: string): string[] {
  const v = query[key];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string');
}

/** The last non-empty value of a key (a form may send a key twice). */
export function lastValue(query: Query, key: string): string | undefined {
  const v = values(query, key)
    .map((s) => s.trim())
    .filter(Boolean);
  return v[v.length - 1];
}

/** A whole number from 1 to max, written in digits. */
function wholeNumber(raw: string | undefined, key: string, max: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new StateError({ code: 'number', key, max, got: raw });
  return Number(raw);
}

/** Pages past the last one show the last one; beyond this no result set reaches. */
const MAX_PAGE = 1_000_000;

/** Reads a search state from a parsed query string; throws StateError for values no page can show. */
export function parseSearchState(query: Query): Parsed {
  const notices: string[] = [];
  let q = cleanText(values(query, 'q').join(' ')).replace(/\s+/g, ' ').trim();
  if (q.length > MAX_Q_LENGTH) {
    q = q.slice(0, MAX_Q_LENGTH);
    notices.push(`query-cut`);
  }
  const filters: Filters = {};
  for (const f of filterFields()) {
    const list = [
      ...new Set(
        values(query, f)
          .map((v) => cleanText(v).trim())
          .filter((v) => v.length > 0 && v.length <= LIMITS.valueLength),
      ),
    ];
    if (list.length > LIMITS.valuesPerFilter) throw new StateError({ code: 'too-many-values', key: f, max: LIMITS.valuesPerFilter });
    const badYear = field(f)?.format === 'year' ? list.find((y) => !/^\d{4}$/.test(y)) : undefined;
    if (badYear !== undefined) throw new StateError({ code: 'year', key: f, got: badYear });
    if (list.length) filters[f] = list;
  }
  const sortRaw = lastValue(query, 'sort');
  if (sortRaw !== undefined && !SORTS.includes(sortRaw as Sort)) throw new StateError({ code: 'choice', key: 'sort', allowed: SORTS, got: sortRaw });
  const lang = langOf(lastValue(query, 'lang'));
  const perPage = wholeNumber(lastValue(query, 'per_page'), 'per_page', MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;
  const syn = lastValue(query, 'syn');
  if (syn !== undefined && syn !== '0' && syn !== '1') throw new StateError({ code: 'choice', key: 'syn', allowed: ['0', '1'], got: syn });
  return {
    state: {
      q,
      filters,
      sort: (sortRaw as Sort) ?? null,
      synonyms: syn !== '0',
      page: wholeNumber(lastValue(query, 'page'), 'page', MAX_PAGE) ?? 1,
      perPage,
      lang,
    },
    notices,
  };
}

/** The canonical query string of a state: fixed key order, defaults left out. */
export function toSearchParams(state: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  if (state.q) p.append('q', state.q);
  for (const f of filterFields()) for (const v of state.filters[f] ?? []) p.append(f, v);
  if (state.sort) p.append('sort', state.sort);
  if (!state.synonyms) p.append('syn', '0');
  if (state.page > 1) p.append('page', String(state.page));
  if (state.perPage !== DEFAULT_PER_PAGE) p.append('per_page', String(state.perPage));
  if (state.lang !== 'zh') p.append('lang', state.lang);
  return p;
}

export function urlFor(path: string, state: SearchState): string {
  const qs = toSearchParams(state).toString();
  return qs ? `${path}?${qs}` : path;
}

/** A copy of the state with one filter value added or removed; any change starts again at page 1. */
export function toggleFilter(state: SearchState, field: FilterField, value: string): SearchState {
  const current = state.filters[field] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  const filters: Filters = { ...state.filters, [field]: next };
  if (!next.length) delete filters[field];
  return { ...state, filters, page: 1 };
}

export function withState(state: SearchState, change: Partial<SearchState>): SearchState {
  return { ...state, page: 1, ...change };
}

/** True when the raw query string already is the canonical one (same pairs, same order). */
export function isCanonical(rawQuery: string, state: SearchState): boolean {
  const raw = [...new URLSearchParams(rawQuery)].map(([k, v]) => `${k}=${v}`);
  const canonical = [...toSearchParams(state)].map(([k, v]) => `${k}=${v}`);
  return raw.length === canonical.length && raw.every((pair, i) => pair === canonical[i]);
}

/** The matrix's views, the forms of its cells, and the orders of the figures table; the first is the default. */
export const VIEW_IDS = ['city-theme', 'agency-city', 'theme-agency'] as const;
export const CELL_MODES = ['count', 'share'] as const;
export const FIGURE_SORTS = ['value', 'city', 'label'] as const;

/** The keys some pages add to the search state, after its own keys and before `lang`. */
export const PAGE_KEYS: Record<string, readonly string[]> = {
  '/compare': ['view', 'cells'],
  '/compare/measures': [],
  '/figures': ['label', 'group', 'unit', 'figure_kind', 'period_kind', 'sort_by', 'order'],
};

/** One of `choices` (the fallback when the key is missing or empty); anything else is refused. */
export function parseChoice<T extends string>(query: Query, key: string, choices: readonly T[], fallback: T = choices[0]): T {
  const raw = lastValue(query, key);
  if (raw === undefined) return fallback;
  if (!choices.includes(raw as T)) throw new StateError({ code: 'choice', key, allowed: choices, got: raw });
  return raw as T;
}

/** A free-text key, cut to `max` characters. */
export function parseText(query: Query, key: string, max: number): string {
  return cleanText(lastValue(query, key) ?? '').slice(0, max);
}

/** The search state a page other than the search itself keeps: no paging, no sorting. */
export function withoutPaging(state: SearchState): SearchState {
  return { ...state, page: 1, perPage: DEFAULT_PER_PAGE, sort: null };
}

/** A page's address: the search state (without paging and sorting) and the page's own keys, in a fixed order. */
export function pageStateUrl(path: string, state: SearchState, extra: [string, string][] = []): string {
  const qs = ordered(withoutPaging(state), extra).toString();
  return qs ? `${path}?${qs}` : path;
}

/** The state's keys in canonical order, then a page's own keys, then the language. */
function ordered(state: SearchState, extra: [string, string][]): URLSearchParams {
  const p = toSearchParams(state);
  p.delete('lang');
  for (const [k, v] of extra) if (v) p.append(k, v);
  if (state.lang !== 'zh') p.append('lang', state.lang);
  return p;
}

/** What a form carries as hidden fields to keep the rest of a state: every key of its address but those the form asks for. */
export function hiddenFields(state: SearchState, formKeys: readonly string[], extra: [string, string][] = []): { name: string; value: string }[] {
  return [...ordered({ ...state, page: 1 }, extra)].filter(([k]) => !formKeys.includes(k)).map(([name, value]) => ({ name, value }));
}
