// The figures page: facets and chips as on the search page, the table a page of 50 rows in groups
// of one kind and unit, and, for one chosen label group, a bar chart of its values across cities
// drawn from the same rows.
import { messages } from '../i18n';
import { langQuery } from '../lang';
import { fieldLabel } from '../labels';
import { figureView, spanRange } from '../figure-text';
import { highlight } from '../../search/highlight';
import { barChartSvg } from '../charts/bar-chart';
import { FIGURE_SORTS, hiddenFields, pageStateUrl, toggleFilter, withoutPaging, type SearchState } from '../url-state';
import { filterFields } from '../../core/fields';
import { pageView, type PageView } from './page';
import type { Link } from './search';
import { FIGURE_FACETS, UNGROUPED, figureExtra, type FigureFacet, type FigureQuery, type FigureRow, type FigureSort, type FiguresData } from './figures';

export const FIGURES_PER_PAGE = 50;
/** The most charts one page draws (one per kind and unit of the chosen group). */
const MAX_CHARTS = 4;

export interface FigureRowView {
  chunkId: string;
  place: string;
  label: string;
  /** The label group beside the label: its name, 未归组 for none, nothing when it reads as the label. */
  groupText: string;
  valueText: string;
  approx: boolean;
  unit: string;
  when: string;
  docTitle: string;
  reportYear: string;
  docUrl: string;
  url: string;
  sentenceHtml: string;
}

interface FacetValueView {
  value: string;
  label: string;
  count: number;
  selected: boolean;
  url: null;
}

export interface FiguresView extends PageView {
  state: SearchState;
  f: FigureQuery;
  facets: { field: FigureFacet; title: string; note: string | null; top: FacetValueView[]; rest: FacetValueView[]; moreLabel: string; filterBox: boolean }[];
  chips: { field: string; label: string; url: string }[];
  clearAllUrl: string | null;
  /** The rows of this page in groups of one kind and unit: values are compared only within one. */
  groups: { heading: string; rows: FigureRowView[] }[];
  charts: { id: string; title: string; svg: string }[];
  chartHint: string | null;
  shown: string;
  sorts: (Link & { selected: boolean })[];
  pages: { prev: string | null; next: string | null; label: string; numbers: (Link & { current: boolean })[] };
  csvUrl: string;
  hidden: { name: string; value: string }[];
}

export function figuresView(data: FiguresData, state: SearchState, f: FigureQuery): FiguresView {
  const { lang } = state;
  const m = messages(lang);
  const suffix = langQuery(lang);
  const url = (s: SearchState, q: FigureQuery, page = 1, path = '/figures') =>
    pageStateUrl(path, s, [...figureExtra(q), ...(page > 1 ? [['page', String(page)] as [string, string]] : [])]);
  const totalPages = Math.max(1, Math.ceil(data.rows.length / FIGURES_PER_PAGE));
  // A page past the end shows the last one.
  const page = Math.min(Math.max(1, state.page), totalPages);
  const pageRows = data.rows.slice((page - 1) * FIGURES_PER_PAGE, page * FIGURES_PER_PAGE);

  const valueLabel = (facet: FigureFacet, v: string) =>
    facet === 'group' && v === UNGROUPED
      ? m.figureUngrouped
      : facet === 'figure_kind'
        ? m.figureKindName(v)
        : facet === 'period_kind'
          ? m.periodKindName(v)
          : v;
  const titles: Record<FigureFacet, string> = {
    city: fieldLabel('city', lang),
    group: m.figureGroup,
    unit: m.figureUnit,
    figure_kind: m.figureKind,
    period_kind: m.figurePeriodKind,
  };
  const facets = FIGURE_FACETS.map((field) => {
    const values = data.facets[field]
      .map((v) => ({ ...v, label: valueLabel(field, v.value), url: null }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'zh'));
    const top = values.filter((v, i) => v.selected || i < 8);
    const rest = values.filter((v) => !top.includes(v));
    return { field, title: titles[field], note: null, top, rest, moreLabel: `${m.more} (${rest.length})`, filterBox: false };
  }).filter((p) => p.top.length + p.rest.length > 0);

  // Chips: the figures' own facets, then every filter of the search state (the city first).
  const without = (key: keyof FigureQuery, v: string): FigureQuery => ({ ...f, [key]: (f[key] as string[]).filter((x) => x !== v) });
  const own: [FigureFacet, keyof FigureQuery, string[]][] = [
    ['group', 'groups', f.groups],
    ['unit', 'units', f.units],
    ['figure_kind', 'kinds', f.kinds],
    ['period_kind', 'periodKinds', f.periodKinds],
  ];
  const chips = [
    ...filterFields().flatMap((field) =>
      (state.filters[field] ?? []).map((v) => ({ field: fieldLabel(field, lang), label: v, url: url(toggleFilter(state, field, v), f) })),
    ),
    ...own.flatMap(([facet, key, list]) => list.map((v) => ({ field: titles[facet], label: valueLabel(facet, v), url: url(state, without(key, v)) }))),
  ];
  const cleared: FigureQuery = { ...f, groups: [], units: [], kinds: [], periodKinds: [] };

  const groups: FiguresView['groups'] = [];
  let heading = '';
  for (const r of pageRows) {
    const h = `${m.figureKindName(r.kind)} · ${m.figureUnitGroup}: ${r.figure.unit}`;
    if (h !== heading) groups.push({ heading: (heading = h), rows: [] });
    groups[groups.length - 1].rows.push(rowView(r, lang, suffix));
  }

  const sortLink = (by: FigureSort) => {
    const order = f.sortBy === by ? (f.order === 'asc' ? 'desc' : 'asc') : by === 'value' ? 'desc' : 'asc';
    return {
      label: by === 'city' ? fieldLabel('city', lang) : m[by === 'value' ? 'figureValue' : 'figureLabel'],
      url: url(state, { ...f, sortBy: by, order }),
      selected: f.sortBy === by,
    };
  };
  const first = Math.max(1, Math.min(page - 3, totalPages - 6));
  const numbers = Array.from({ length: Math.min(7, totalPages) }, (_, i) => first + i).map((n) => ({
    label: String(n),
    url: url(state, f, n),
    current: n === page,
  }));
  const charts = chartsOf(data.rows, f, lang);
  const from = (page - 1) * FIGURES_PER_PAGE;
  return {
    ...pageView(lang, m.figuresTitle, url(state, f, page), url(state, f, 1, '/api/figures')),
    state,
    f,
    facets,
    chips,
    clearAllUrl: chips.length ? url({ ...state, filters: {} }, cleared) : null,
    groups,
    charts,
    chartHint: charts.length ? null : m.chartHint,
    shown: data.total ? `${from + 1}–${from + pageRows.length} / ${data.total}` : m.rowsShown(0, 0),
    sorts: FIGURE_SORTS.map(sortLink),
    pages: {
      prev: page > 1 ? url(state, f, page - 1) : null,
      next: page < totalPages ? url(state, f, page + 1) : null,
      label: m.page(page, totalPages),
      numbers,
    },
    csvUrl: url(state, f, 1, '/figures.csv'),
    // The form asks for the facets and the words; the rest of the state travels in it.
    hidden: hiddenFields(withoutPaging(state), ['city', 'label', ...FIGURE_FACETS], figureExtra(f)),
  };
}

function place(r: FigureRow): string {
  return [r.city, r.district].filter(Boolean).join(' · ');
}

function rowView(r: FigureRow, lang: SearchState['lang'], suffix: string): FigureRowView {
  const m = messages(lang);
  const fig = figureView(r.figure, lang);
  return {
    chunkId: r.chunkId,
    place: place(r),
    label: fig.label,
    groupText: !fig.group ? `(${m.figureUngrouped})` : fig.group === fig.label ? '' : `(${fig.group})`,
    valueText: fig.valueText,
    approx: fig.approx === true,
    unit: fig.unit,
    when: fig.when || m.noPeriod,
    docTitle: r.docTitle,
    reportYear: r.published ? m.figureReportYear(r.published.slice(0, 4)) : '',
    docUrl: `/docs/${encodeURIComponent(r.docId)}${suffix}`,
    url: `${r.url}${suffix}`,
    sentenceHtml: highlight(r.sentence || fig.raw, [fig.raw]),
  };
}

/** For one chosen label group: a chart per kind and unit of its rows, a bar per city and period. */
function chartsOf(rows: FigureRow[], f: FigureQuery, lang: SearchState['lang']): FiguresView['charts'] {
  if (f.groups.length !== 1 || f.groups[0] === UNGROUPED) return [];
  const m = messages(lang);
  const sets = new Map<string, FigureRow[]>();
  for (const r of rows) {
    const key = `${r.kind}\u0000${r.figure.unit}`;
    sets.set(key, [...(sets.get(key) ?? []), r]);
  }
  return [...sets.values()].slice(0, MAX_CHARTS).map((set, i) => {
    const id = `chart-${i + 1}`;
    const sorted = [...set].sort((a, b) => b.figure.value - a.figure.value);
    const cities = new Set(sorted.map((r) => r.city ?? '')).size;
    const title = m.chartTitle(f.groups[0], m.figureKindName(set[0].kind), set[0].figure.unit);
    const svg = barChartSvg({
      id,
      title,
      desc: m.chartDesc(sorted.length, cities),
      bars: sorted.map((r) => {
        const fig = figureView(r.figure, lang);
        const when = r.figure.span ? spanRange(r.figure.span) : m.noPeriod;
        return {
          label: `${place(r)} · ${when}`,
          note: `${fig.label} · ${r.docTitle}`,
          value: r.figure.value,
          valueText: `${fig.valueText} ${fig.unit}`,
          approx: fig.approx,
        };
      }),
    });
    return { id, title, svg };
  });
}
