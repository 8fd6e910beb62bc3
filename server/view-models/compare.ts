// Comparing cities: the matrix of measure counts (measures side by side are in side-by-side.ts).
import type { FilterField, SearchBackend } from '../../core/types';
import { type Labels, fieldLabel } from '../labels';
import { messages } from '../i18n';
import { CELL_MODES, VIEW_IDS, hiddenFields, pageStateUrl, parseChoice, urlFor, withoutPaging, type SearchState } from '../url-state';
import { cityRowLabel, coverageOf, coverageView, type CityCoverage, type CoverageView } from './coverage';
import { pageView, type PageView } from './page';
import type { Link } from './search';
import type { ChinaMap } from '../map';
import { mapView, type CityCount, type MapView } from '../map/view';
import { cityCounts } from '../map/counts';

export const VIEWS: Record<
  View,
  {
    rows: FilterField;
    cols: FilterField;
    label: 'viewCityTheme' | 'viewAgencyCity' | 'viewThemeAgency';
    title: 'compareTitleCityTheme' | 'compareTitleAgencyCity' | 'compareTitleThemeAgency';
  }
> = {
  'city-theme': { rows: 'city', cols: 'theme', label: 'viewCityTheme', title: 'compareTitleCityTheme' },
  'agency-city': { rows: 'agency', cols: 'city', label: 'viewAgencyCity', title: 'compareTitleAgencyCity' },
  'theme-agency': { rows: 'theme', cols: 'agency', label: 'viewThemeAgency', title: 'compareTitleThemeAgency' },
};
export type View = (typeof VIEW_IDS)[number];
/** Cells as counts, or as shares of their row's measures. */
export type CellMode = (typeof CELL_MODES)[number];

/** The matrix's own keys: its view and the form of its cells. */
export function parseMatrixKeys(query: Record<string, unknown>): { view: View; cells: CellMode } {
  return { view: parseChoice(query, 'view', VIEW_IDS), cells: parseChoice(query, 'cells', CELL_MODES) };
}

const viewExtra = (view: View, cells: CellMode = 'count'): [string, string][] => [
  ['view', view === 'city-theme' ? '' : view],
  ['cells', cells === 'share' ? 'share' : ''],
];

export interface MatrixData {
  query: { q: string; filters: SearchState['filters']; view: View; rows: FilterField; columns: FilterField };
  total: number;
  tookMs: number;
  columns: { value: string; count: number }[];
  rows: { value: string; group?: string; count: number; cells: Record<string, number> }[];
  /** The reports behind each city compared (rows or columns): genre, year, districts, size. */
  coverage: CityCoverage[];
  /** Per city with results, whatever the view: its measures under this search and all its measures (what the map shades). */
  cities: CityCount[];
}

export async function matrixData(backend: SearchBackend, state: SearchState, view: View): Promise<MatrixData> {
  const { rows, cols } = VIEWS[view];
  const req = { q: state.q, ...(state.scope ? { scope: state.scope } : {}), filters: state.filters, page: 1, perPage: 1 };
  const [m, cityTotals] = await Promise.all([backend.crossCounts(req, rows, cols), cityCounts(backend, state)]);
  const provinceOf = new Map(cityTotals.map((c) => [c.city, c.province]));
  // Cities are grouped by province, the biggest first within each.
  const out = m.rows.map((r) => ({ ...r, group: provinceOf.get(r.value) }));
  if (rows === 'city') out.sort((a, b) => (a.group ?? '').localeCompare(b.group ?? '', 'zh') || b.count - a.count);
  const cities = rows === 'city' ? out.map((r) => r.value) : cols === 'city' ? m.columns.map((c) => c.value) : [];
  const coverage = await coverageOf(backend, cities);
  return {
    query: { q: state.q, filters: state.filters, view, rows, columns: cols },
    total: m.total,
    tookMs: m.tookMs,
    columns: m.columns,
    rows: out,
    coverage,
    cities: cityTotals,
  };
}

export interface MatrixView extends PageView {
  state: SearchState;
  heading: string;
  views: (Link & { selected: boolean })[];
  /** Counts or shares, each a link that keeps everything else. */
  modes: (Link & { selected: boolean })[];
  rowTitle: string;
  columns: { label: string; count: number }[];
  groups: {
    label: string;
    rows: { value: string; label: string; url: string; count: number; cells: { count: number; text: string; url: string; shade: number; title: string }[] }[];
  }[];
  total: number;
  /** Rows are cities: they can be chosen and compared measure by measure on one theme. */
  pickCities: { hidden: { name: string; value: string }[]; themes: { value: string; label: string }[] } | null;
  csvUrl: string;
  searchUrl: string;
  coverage: CoverageView[];
  /** The map beside the matrix; null when the boundary data could not be read, undefined while it is still being drawn. */
  map: MapView | null | undefined;
}

export function matrixView(
  data: MatrixData,
  state: SearchState,
  labels: Labels,
  cells: CellMode = 'count',
  map: ChinaMap | null | undefined = null,
): MatrixView {
  const { lang } = state;
  const m = messages(lang);
  const { rows: rowField, columns: colField, view } = data.query;
  const share = cells === 'share';
  const ratio = (n: number, total: number) => (total ? n / total : 0);
  // Shades follow what the cells show: counts against the biggest count, shares against the biggest share.
  const max = Math.max(1e-9, ...data.rows.flatMap((r) => Object.values(r.cells).map((n) => (share ? ratio(n, r.count) : n))));
  const searchFor = (filters: Partial<Record<FilterField, string[]>>) => urlFor('/', { ...state, page: 1, filters: { ...state.filters, ...filters } });
  const covered = new Map(data.coverage.map((c) => [c.city, c]));
  // A city row that stands for one district says so (昆明市 · 官渡区).
  const label = (f: FilterField, v: string) => (f === 'city' ? cityRowLabel(labels.value(f, v, lang), covered.get(v)) : labels.value(f, v, lang));
  const percent = new Intl.NumberFormat(lang === 'en' ? 'en' : 'zh-CN', { style: 'percent', maximumFractionDigits: 0 });
  const groups: MatrixView['groups'] = [];
  for (const r of data.rows) {
    const g = r.group && rowField === 'city' ? labels.value('province', r.group, lang) : (r.group ?? ''); // 云南省 Yunnan
    if (!groups.length || groups[groups.length - 1].label !== g) groups.push({ label: g, rows: [] });
    groups[groups.length - 1].rows.push({
      value: r.value,
      label: label(rowField, r.value),
      url: searchFor({ [rowField]: [r.value] }),
      count: r.count,
      cells: data.columns.map((c) => {
        const n = r.cells[c.value] ?? 0;
        const shown = share ? ratio(n, r.count) : n;
        return {
          count: n,
          text: n ? (share ? percent.format(shown) : String(n)) : '',
          url: searchFor({ [rowField]: [r.value], [colField]: [c.value] }),
          shade: n ? Math.min(6, 1 + Math.floor((shown / max) * 6)) : 0,
          title: m.cellTitle(label(rowField, r.value), label(colField, c.value), n, r.count),
        };
      }),
    });
  }
  const url = pageStateUrl('/compare', state, viewExtra(view, cells));
  const heading = m[VIEWS[view].title];
  return {
    ...pageView(lang, heading, url, pageStateUrl('/api/compare', state, viewExtra(view))),
    state,
    heading,
    views: (Object.keys(VIEWS) as View[]).map((v) => ({
      label: m[VIEWS[v].label],
      url: pageStateUrl('/compare', state, viewExtra(v, cells)),
      selected: v === view,
    })),
    modes: (['count', 'share'] as const).map((c) => ({
      label: c === 'share' ? m.cellsShare : m.cellsCount,
      url: pageStateUrl('/compare', state, viewExtra(view, c)),
      selected: c === cells,
    })),
    rowTitle: fieldLabel(rowField, lang),
    columns: data.columns.map((c) => ({ label: label(colField, c.value), count: c.count })),
    groups,
    total: data.total,
    pickCities:
      rowField === 'city'
        ? {
            hidden: hiddenFields(withoutPaging(state), ['city', 'theme']),
            themes: data.columns.map((c) => ({ value: c.value, label: label('theme', c.value) })),
          }
        : null,
    csvUrl: pageStateUrl('/compare.csv', state, viewExtra(view)),
    coverage: coverageView(data.coverage, lang, (v) => labels.value('city', v, lang)),
    searchUrl: urlFor('/', { ...state, page: 1 }),
    map:
      map &&
      mapView(
        map,
        data.cities,
        cells,
        lang,
        (c) => searchFor({ city: [c] }),
        (c) => label('city', c),
      ),
  };
}
