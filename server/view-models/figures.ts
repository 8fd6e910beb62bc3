// The extracted figures as one table across cities, filtered by label or unit.
import type { Figure, SearchBackend } from '../../core/types';
import { langQuery } from '../lang';
import { fieldLabel } from '../labels';
import type { CsvColumn } from '../i18n';
import { figureView } from '../figure-text';
import { highlight } from '../../search/highlight';
import { messages } from '../i18n';
import { FIGURE_SORTS, hiddenFields, pageStateUrl, parseChoice, parseText, withoutPaging, type SearchState } from '../url-state';
import { pageView, type PageView } from './page';
import { allHits, chunkUrl, type Link } from './search';

export type FigureSort = (typeof FIGURE_SORTS)[number];

export interface FigureQuery {
  label: string;
  unit: string;
  sortBy: FigureSort;
  order: 'asc' | 'desc';
}

/** The most characters a label or unit filter keeps. */
const MAX_FILTER_TEXT = 50;

export function parseFigureQuery(query: Record<string, unknown>): FigureQuery {
  const sortBy = parseChoice(query, 'sort_by', FIGURE_SORTS);
  const order = parseChoice(query, 'order', ['asc', 'desc'] as const, sortBy === 'value' ? 'desc' : 'asc');
  return { label: parseText(query, 'label', MAX_FILTER_TEXT), unit: parseText(query, 'unit', MAX_FILTER_TEXT), sortBy, order };
}

export function figureExtra(f: FigureQuery): [string, string][] {
  return [
    ['label', f.label],
    ['unit', f.unit],
    ['sort_by', f.sortBy === 'value' ? '' : f.sortBy],
    ['order', f.order === (f.sortBy === 'value' ? 'desc' : 'asc') ? '' : f.order],
  ];
}

export interface FigureRow {
  chunkId: string;
  url: string;
  province?: string;
  city?: string;
  district?: string;
  docId: string;
  docTitle: string;
  published?: string;
  heading: string;
  figure: Figure;
  sentence: string;
}

/** The columns of the figures table's CSV and JSON, in order: both carry the same. */
export const FIGURE_COLUMNS = [
  'province',
  'city',
  'district',
  'label',
  'group',
  'qualifier',
  'value',
  'value_from',
  'unit',
  'approx',
  'period',
  'year',
  'as_written',
  'sentence',
  'report',
  'published',
  'measure',
  'url',
] as const satisfies readonly CsvColumn[];

export type FigureRecord = Record<(typeof FIGURE_COLUMNS)[number], string | number | boolean | null>;

/** One row of the figures table as the CSV and the JSON give it. */
export function figureRecord(r: FigureRow, origin: string): FigureRecord {
  const f = r.figure;
  return {
    province: r.province ?? null,
    city: r.city ?? null,
    district: r.district ?? null,
    label: f.label,
    group: f.group ?? null,
    qualifier: f.qualifier ?? null,
    value: f.value,
    value_from: f.from ?? null,
    unit: f.unit,
    approx: f.approx === true,
    period: f.period ?? null,
    year: f.year ?? null,
    as_written: f.raw,
    sentence: r.sentence,
    report: r.docTitle,
    published: r.published ?? null,
    measure: r.heading,
    url: `${origin}${r.url}`,
  };
}

export const MAX_FIGURE_CHUNKS = 10_000;

/** The sentence of `text` that holds `raw`. */
export function sentenceAround(text: string, raw: string): string {
  const at = text.indexOf(raw);
  if (at === -1) return '';
  const stops = /[。！？；\n]/u;
  let start = at;
  while (start > 0 && !stops.test(text[start - 1])) start--;
  let end = at + raw.length;
  while (end < text.length && !stops.test(text[end])) end++;
  return text.slice(start, Math.min(text.length, end + 1)).trim();
}

export async function figuresData(
  backend: SearchBackend,
  state: SearchState,
  f: FigureQuery,
): Promise<{ query: FigureQuery & { q: string; filters: SearchState['filters'] }; total: number; rows: FigureRow[] }> {
  const rows: FigureRow[] = [];
  const want = (fig: Figure) => !f.label || fig.label.includes(f.label) || (fig.group ?? '').includes(f.label);
  for await (const h of allHits(backend, { ...state, sort: 'report' }, { withText: true, withFigures: true }, MAX_FIGURE_CHUNKS)) {
    for (const fig of h.figures ?? []) {
      if (!want(fig) || (f.unit && fig.unit !== f.unit)) continue;
      rows.push({
        chunkId: h.id,
        url: chunkUrl(h.id),
        province: h.province,
        city: h.city,
        district: h.district,
        docId: h.docId,
        docTitle: h.docTitle,
        published: h.published,
        heading: h.heading,
        figure: fig,
        sentence: sentenceAround(h.text ?? '', fig.raw),
      });
    }
  }
  // Values are compared only within one unit: the rows come in groups by unit (the most frequent
  // first), sorted inside each group.
  const units = new Map<string, number>();
  for (const r of rows) units.set(r.figure.unit, (units.get(r.figure.unit) ?? 0) + 1);
  const unitRank = new Map([...units].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([u], i) => [u, i]));
  const dir = f.order === 'asc' ? 1 : -1;
  const key = (r: FigureRow) => (f.sortBy === 'city' ? `${r.province ?? ''}${r.city ?? ''}` : f.sortBy === 'label' ? (r.figure.group ?? r.figure.label) : '');
  rows.sort(
    (a, b) =>
      (unitRank.get(a.figure.unit) ?? 0) - (unitRank.get(b.figure.unit) ?? 0) ||
      dir * (f.sortBy === 'value' ? a.figure.value - b.figure.value : key(a).localeCompare(key(b), 'zh')) ||
      a.figure.value - b.figure.value,
  );
  return { query: { ...f, q: state.q, filters: state.filters }, total: rows.length, rows };
}

export const MAX_FIGURE_ROWS_SHOWN = 1000;

export interface FigureRowView {
  chunkId: string;
  place: string;
  label: string;
  group?: string;
  valueText: string;
  approx: boolean;
  unit: string;
  when: string;
  docTitle: string;
  docUrl: string;
  url: string;
  sentenceHtml: string;
}

export interface FiguresView extends PageView {
  state: SearchState;
  f: FigureQuery;
  /** Rows in groups of one unit each: values are compared only within a unit. */
  groups: { unit: string; rows: FigureRowView[] }[];
  shown: string;
  sorts: (Link & { selected: boolean })[];
  csvUrl: string;
  hidden: { name: string; value: string }[];
}

export function figuresView(data: Awaited<ReturnType<typeof figuresData>>, state: SearchState, f: FigureQuery): FiguresView {
  const { lang } = state;
  const m = messages(lang);
  const extra = figureExtra(f);
  const suffix = langQuery(lang);
  const shownRows = data.rows.slice(0, MAX_FIGURE_ROWS_SHOWN);
  const groups: FiguresView['groups'] = [];
  for (const r of shownRows) {
    const fig = figureView(r.figure, lang);
    if (groups[groups.length - 1]?.unit !== fig.unit) groups.push({ unit: fig.unit, rows: [] });
    groups[groups.length - 1].rows.push({
      chunkId: r.chunkId,
      place: [r.city, r.district].filter(Boolean).join(' '),
      label: fig.label,
      group: fig.group,
      valueText: fig.valueText,
      approx: fig.approx === true,
      unit: fig.unit,
      when: fig.when,
      docTitle: r.docTitle,
      docUrl: `/docs/${encodeURIComponent(r.docId)}${suffix}`,
      url: `${r.url}${suffix}`,
      sentenceHtml: highlight(r.sentence || fig.raw, [fig.raw]),
    });
  }
  const sortLink = (by: FigureSort) => {
    const order = f.sortBy === by ? (f.order === 'asc' ? 'desc' : 'asc') : by === 'value' ? 'desc' : 'asc';
    return {
      label: by === 'city' ? fieldLabel('city', lang) : m[by === 'value' ? 'figureValue' : 'figureLabel'],
      url: pageStateUrl('/figures', state, figureExtra({ ...f, sortBy: by, order })),
      selected: f.sortBy === by,
    };
  };
  return {
    ...pageView(lang, m.figuresTitle, pageStateUrl('/figures', state, extra), pageStateUrl('/api/figures', state, extra)),
    state,
    f,
    groups,
    shown: m.rowsShown(shownRows.length, data.total),
    sorts: FIGURE_SORTS.map(sortLink),
    csvUrl: pageStateUrl('/figures.csv', state, extra),
    hidden: hiddenFields(withoutPaging(state), []),
  };
}
