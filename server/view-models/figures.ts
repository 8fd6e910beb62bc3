// The extracted figures as one table across cities, filtered by label or unit.
import type { SearchBackend } from '../../search/types';
import { messages } from '../i18n';
import { lastValue, StateError, type SearchState } from '../url-state';
import { pageView, type PageView } from './page';
import { allHits, chunkUrl, type Link } from './search';
import { compareUrl } from './compare';

export const FIGURE_SORTS = ['value', 'city', 'label'] as const;
export type FigureSort = (typeof FIGURE_SORTS)[number];

export interface FigureQuery {
  label: string;
  unit: string;
  sortBy: FigureSort;
  order: 'asc' | 'desc';
}

const one = (query: Record<string, unknown>, key: string): string => (lastValue(query, key) ?? '').slice(0, 50);

export function parseFigureQuery(query: Record<string, unknown>): FigureQuery {
  const sortBy = one(query, 'sort_by') || 'value';
  const order = one(query, 'order') || (sortBy === 'value' ? 'desc' : 'asc');
  if (!FIGURE_SORTS.includes(sortBy as FigureSort)) throw new StateError({ code: 'choice', key: 'sort_by', allowed: FIGURE_SORTS, got: sortBy });
  if (order !== 'asc' && order !== 'desc') throw new StateError({ code: 'choice', key: 'order', allowed: ['asc', 'desc'], got: order });
  return { label: one(query, 'label'), unit: one(query, 'unit'), sortBy: sortBy as FigureSort, order };
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
  docTitle: string;
  heading: string;
  label: string;
  group?: string;
  value: number;
  unit: string;
  raw: string;
  approx: boolean;
  sentence: string;
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
  const want = (label: string, group?: string) => !f.label || label.includes(f.label) || (group ?? '').includes(f.label);
  for await (const h of allHits(backend, { ...state, sort: 'report' }, { withText: true, withFigures: true }, MAX_FIGURE_CHUNKS)) {
    for (const fig of h.figures ?? []) {
      if (!want(fig.label, fig.group) || (f.unit && fig.unit !== f.unit)) continue;
      rows.push({
        chunkId: h.id,
        url: chunkUrl(h.id),
        province: h.province,
        city: h.city,
        district: h.district,
        docTitle: h.docTitle,
        heading: h.heading,
        label: fig.label,
        group: fig.group,
        value: fig.value,
        unit: fig.unit,
        raw: fig.raw,
        approx: fig.approx === true,
        sentence: sentenceAround(h.text ?? '', fig.raw),
      });
    }
  }
  const dir = f.order === 'asc' ? 1 : -1;
  const key = (r: FigureRow) => (f.sortBy === 'city' ? `${r.province ?? ''}${r.city ?? ''}` : f.sortBy === 'label' ? (r.group ?? r.label) : '');
  rows.sort((a, b) => dir * (f.sortBy === 'value' ? a.value - b.value : key(a).localeCompare(key(b), 'zh')) || a.value - b.value);
  return { query: { ...f, q: state.q, filters: state.filters }, total: rows.length, rows };
}

export const MAX_FIGURE_ROWS_SHOWN = 1000;

export interface FiguresView extends PageView {
  state: SearchState;
  f: FigureQuery;
  rows: (FigureRow & { place: string; valueText: string })[];
  shown: string;
  sorts: (Link & { selected: boolean })[];
  csvUrl: string;
  hidden: { name: string; value: string }[];
}

export function figuresView(data: Awaited<ReturnType<typeof figuresData>>, state: SearchState, f: FigureQuery): FiguresView {
  const { lang } = state;
  const m = messages(lang);
  const extra = figureExtra(f);
  const suffix = lang === 'en' ? '?lang=en' : '';
  const rows = data.rows.slice(0, MAX_FIGURE_ROWS_SHOWN).map((r) => ({
    ...r,
    url: `${r.url}${suffix}`,
    place: [r.city, r.district].filter(Boolean).join(' '),
    valueText: `${r.value.toLocaleString('zh-CN')}${r.approx ? '+' : ''}`,
  }));
  const sortLink = (by: FigureSort) => {
    const order = f.sortBy === by ? (f.order === 'asc' ? 'desc' : 'asc') : by === 'value' ? 'desc' : 'asc';
    return {
      label: m[by === 'value' ? 'figureValue' : by === 'city' ? 'city' : 'figureLabel'],
      url: compareUrl('/figures', state, figureExtra({ ...f, sortBy: by, order })),
      selected: f.sortBy === by,
    };
  };
  return {
    ...pageView(lang, m.figuresTitle, compareUrl('/figures', state, extra), compareUrl('/api/figures', state, extra)),
    state,
    f,
    rows,
    shown: m.rowsShown(rows.length, data.total),
    sorts: FIGURE_SORTS.map(sortLink),
    csvUrl: compareUrl('/figures.csv', state, extra),
    hidden: [
      ...(state.q ? [{ name: 'q', value: state.q }] : []),
      ...Object.entries(state.filters).flatMap(([name, values]) => (values ?? []).map((value) => ({ name, value }))),
      ...(lang !== 'zh' ? [{ name: 'lang', value: lang }] : []),
    ],
  };
}
