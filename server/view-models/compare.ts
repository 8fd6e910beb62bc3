// Comparing cities: the matrix of measure counts, measures side by side, figures across cities.
import type { Figure, FilterField, Hit, SearchBackend } from '../../search/types';
import type { Labels } from '../labels';
import { messages } from '../i18n';
import { EMPTY_STATE, StateError, toSearchParams, urlFor, type SearchState } from '../url-state';
import { pageView, type PageView } from './page';
import { chunkUrl, type Link } from './search';

export const VIEWS = {
  'city-theme': { rows: 'city', cols: 'theme', label: 'viewCityTheme' },
  'agency-city': { rows: 'agency', cols: 'city', label: 'viewAgencyCity' },
  'theme-agency': { rows: 'theme', cols: 'agency', label: 'viewThemeAgency' },
} as const;
export type View = keyof typeof VIEWS;

export function parseView(raw: unknown): View {
  if (raw === undefined || raw === '') return 'city-theme';
  if (typeof raw === 'string' && Object.hasOwn(VIEWS, raw)) return raw as View;
  throw new StateError({ code: 'choice', key: 'view', allowed: Object.keys(VIEWS), got: String(raw) });
}

/** A comparison address: the search state (without paging) and any extra keys, in a fixed order. */
export function compareUrl(path: string, state: SearchState, extra: [string, string][] = []): string {
  const p = toSearchParams({ ...state, page: 1, perPage: EMPTY_STATE.perPage, sort: null });
  const lang = p.get('lang');
  p.delete('lang');
  for (const [k, v] of extra) if (v) p.append(k, v);
  if (lang) p.append('lang', lang);
  const qs = p.toString();
  return qs ? `${path}?${qs}` : path;
}

const viewExtra = (view: View): [string, string][] => (view === 'city-theme' ? [] : [['view', view]]);

export interface MatrixData {
  query: { q: string; filters: SearchState['filters']; view: View; rows: FilterField; columns: FilterField };
  total: number;
  tookMs: number;
  columns: { value: string; count: number }[];
  rows: { value: string; group?: string; count: number; cells: Record<string, number> }[];
}

export async function matrixData(backend: SearchBackend, state: SearchState, view: View): Promise<MatrixData> {
  const { rows, cols } = VIEWS[view];
  const req = { q: state.q, filters: state.filters, page: 1, perPage: 1 };
  const [m, provinces] = await Promise.all([backend.crossCounts(req, rows, cols), rows === 'city' ? backend.crossCounts(req, 'city', 'province') : null]);
  const provinceOf = new Map(provinces?.rows.map((r) => [r.value, Object.keys(r.cells)[0]]) ?? []);
  // Cities are grouped by province, the biggest first within each.
  const out = m.rows.map((r) => ({ ...r, group: provinceOf.get(r.value) }));
  if (rows === 'city') out.sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '', 'zh') || b.count - a.count);
  return { query: { q: state.q, filters: state.filters, view, rows, columns: cols }, total: m.total, tookMs: m.tookMs, columns: m.columns, rows: out };
}

export interface MatrixView extends PageView {
  state: SearchState;
  views: (Link & { selected: boolean })[];
  rowTitle: string;
  columns: { label: string; count: number }[];
  groups: { label: string; rows: { label: string; url: string; count: number; cells: { count: number; url: string; shade: number; title: string }[] }[] }[];
  total: number;
  csvUrl: string;
  searchUrl: string;
}

export function matrixView(data: MatrixData, state: SearchState, labels: Labels): MatrixView {
  const { lang } = state;
  const m = messages(lang);
  const { rows: rowField, columns: colField, view } = data.query;
  const max = Math.max(1, ...data.rows.flatMap((r) => Object.values(r.cells)));
  const searchFor = (filters: Partial<Record<FilterField, string[]>>) => urlFor('/', { ...state, page: 1, filters: { ...state.filters, ...filters } });
  const label = (f: FilterField, v: string) => labels.value(f, v, lang);
  const groups: MatrixView['groups'] = [];
  for (const r of data.rows) {
    const g = r.group ?? '';
    if (!groups.length || groups[groups.length - 1].label !== g) groups.push({ label: g, rows: [] });
    groups[groups.length - 1].rows.push({
      label: label(rowField, r.value),
      url: searchFor({ [rowField]: [r.value] }),
      count: r.count,
      cells: data.columns.map((c) => {
        const n = r.cells[c.value] ?? 0;
        return {
          count: n,
          url: searchFor({ [rowField]: [r.value], [colField]: [c.value] }),
          shade: n ? Math.min(6, 1 + Math.floor((n / max) * 6)) : 0,
          title: `${label(rowField, r.value)} · ${label(colField, c.value)}: ${n}`,
        };
      }),
    });
  }
  const url = compareUrl('/compare', state, viewExtra(view));
  return {
    ...pageView(lang, m.compareTitle, url, compareUrl('/api/compare', state, viewExtra(view))),
    state,
    views: (Object.keys(VIEWS) as View[]).map((v) => ({ label: m[VIEWS[v].label], url: compareUrl('/compare', state, viewExtra(v)), selected: v === view })),
    rowTitle: m[rowField],
    columns: data.columns.map((c) => ({ label: label(colField, c.value), count: c.count })),
    groups,
    total: data.total,
    csvUrl: compareUrl('/compare.csv', state, viewExtra(view)),
    searchUrl: urlFor('/', { ...state, page: 1 }),
  };
}

export const MIN_CITIES = 2;
export const MAX_CITIES = 4;
const CARDS = 20;

export interface SideBySideData {
  query: { q: string; filters: SearchState['filters'] };
  columns: { city: string; total: number; hits: (Hit & { url: string })[] }[];
}

export async function sideBySideData(backend: SearchBackend, state: SearchState): Promise<SideBySideData> {
  const cities = state.filters.city ?? [];
  if (cities.length < MIN_CITIES || cities.length > MAX_CITIES)
    throw new StateError({ code: 'cities', key: 'city', min: MIN_CITIES, max: MAX_CITIES, got: cities.length });
  const columns = await Promise.all(
    cities.map(async (city) => {
      const res = await backend.search({ q: state.q, filters: { ...state.filters, city: [city] }, page: 1, perPage: CARDS, facets: false, withFigures: true });
      return { city, total: res.total, hits: res.hits.map((h) => ({ ...h, url: chunkUrl(h.id) })) };
    }),
  );
  return { query: { q: state.q, filters: state.filters }, columns };
}

export interface SideBySideView extends PageView {
  state: SearchState;
  themes: string;
  columns: {
    city: string;
    total: number;
    searchUrl: string;
    cards: { url: string; headingHtml: string; snippetHtml: string; agencies: string; practices: string[]; figures: Figure[] }[];
  }[];
}

export function sideBySideView(data: SideBySideData, state: SearchState, labels: Labels): SideBySideView {
  const { lang } = state;
  const m = messages(lang);
  const suffix = lang === 'en' ? '?lang=en' : '';
  return {
    ...pageView(lang, m.compareMeasures, compareUrl('/compare/measures', state), compareUrl('/api/compare/measures', state)),
    state,
    themes: (state.filters.theme ?? []).map((t) => labels.value('theme', t, lang)).join('、'),
    columns: data.columns.map((c) => ({
      city: c.city,
      total: c.total,
      searchUrl: urlFor('/', { ...state, page: 1, filters: { ...state.filters, city: [c.city] } }),
      cards: c.hits.map((h) => ({
        url: `${h.url}${suffix}`,
        headingHtml: h.headingHtml,
        snippetHtml: h.snippetHtml,
        agencies: h.agencies.map((a) => labels.value('agency', a, lang)).join('、'),
        practices: h.practices,
        figures: (h.figures ?? []).slice(0, 6),
      })),
    })),
  };
}
