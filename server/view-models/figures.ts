// The extracted figures as one table across cities: filtered by facets (city, label group, unit,
// kind of figure, kind of period) and a search within the labels, in groups of one kind and unit.
import { FIGURE_KINDS, PERIOD_KINDS, type Figure, type FigureKind, type PeriodKind, type SearchBackend } from '../../core/types';
import type { CsvColumn } from '../i18n';
import { cleanText } from '../../search/query';
import { FIGURE_SORTS, StateError, parseChoice, parseText, type SearchState } from '../url-state';
import { allHits, chunkUrl } from './search';

export type FigureSort = (typeof FIGURE_SORTS)[number];

/** The facet value of figures in no label group. */
export const UNGROUPED = '-';

export interface FigureQuery {
  /** Words a label or its group must hold (a search within the figures). */
  label: string;
  units: string[];
  groups: string[];
  kinds: FigureKind[];
  periodKinds: PeriodKind[];
  sortBy: FigureSort;
  order: 'asc' | 'desc';
}

/** The most characters a label or unit filter keeps, and the most values one facet takes. */
const MAX_FILTER_TEXT = 50;
const MAX_VALUES = 20;

function textValues(query: Record<string, unknown>, key: string): string[] {
  const v = query[key];
  const raw = (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
  const out = [...new Set(raw.map((s) => cleanText(s).trim().slice(0, MAX_FILTER_TEXT)).filter(Boolean))];
  if (out.length > MAX_VALUES) throw new StateError({ code: 'too-many-values', key, max: MAX_VALUES });
  return out;
}

function choices<T extends string>(query: Record<string, unknown>, key: string, allowed: readonly T[]): T[] {
  const out = textValues(query, key);
  const bad = out.find((v) => !allowed.includes(v as T));
  if (bad !== undefined) throw new StateError({ code: 'choice', key, allowed, got: bad });
  return out as T[];
}

export function parseFigureQuery(query: Record<string, unknown>): FigureQuery {
  const sortBy = parseChoice(query, 'sort_by', FIGURE_SORTS);
  const order = parseChoice(query, 'order', ['asc', 'desc'] as const, sortBy === 'value' ? 'desc' : 'asc');
  return {
    label: parseText(query, 'label', MAX_FILTER_TEXT),
    units: textValues(query, 'unit'),
    groups: textValues(query, 'group'),
    kinds: choices(query, 'figure_kind', FIGURE_KINDS),
    periodKinds: choices(query, 'period_kind', PERIOD_KINDS),
    sortBy,
    order,
  };
}

/** The figures page's own keys, in their order (server/url-state.ts PAGE_KEYS). */
export function figureExtra(f: FigureQuery): [string, string][] {
  return [
    ['label', f.label],
    ...f.groups.map((v): [string, string] => ['group', v]),
    ...f.units.map((v): [string, string] => ['unit', v]),
    ...f.kinds.map((v): [string, string] => ['figure_kind', v]),
    ...f.periodKinds.map((v): [string, string] => ['period_kind', v]),
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
  kind: FigureKind;
  periodKind: PeriodKind;
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
  'figure_kind',
  'period_kind',
  'period_from',
  'period_to',
  'period_inferred',
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
    figure_kind: r.kind,
    period_kind: r.periodKind,
    period_from: f.span?.from ?? null,
    period_to: f.span?.to ?? null,
    period_inferred: f.span ? f.span.inferred === true : null,
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

/** The facets of the figures page, by their URL key. */
export const FIGURE_FACETS = ['city', 'group', 'unit', 'figure_kind', 'period_kind'] as const;
export type FigureFacet = (typeof FIGURE_FACETS)[number];
export interface FigureFacetValue {
  value: string;
  count: number;
  selected: boolean;
}

function facetValue(r: FigureRow, facet: FigureFacet): string {
  if (facet === 'city') return r.city ?? '';
  if (facet === 'group') return r.figure.group ?? UNGROUPED;
  if (facet === 'unit') return r.figure.unit;
  return facet === 'figure_kind' ? r.kind : r.periodKind;
}

export async function figuresData(backend: SearchBackend, state: SearchState, f: FigureQuery) {
  // The city is a facet of the figures: the backend reads the other filters, the city is counted here.
  const cities = state.filters.city ?? [];
  const rest = { ...state.filters };
  delete rest.city;
  const selected: Record<FigureFacet, string[]> = { city: cities, group: f.groups, unit: f.units, figure_kind: f.kinds, period_kind: f.periodKinds };
  const all: FigureRow[] = [];
  for await (const h of allHits(backend, { ...state, filters: rest, sort: 'report' }, { withText: true, withFigures: true }, MAX_FIGURE_CHUNKS)) {
    for (const fig of h.figures ?? []) {
      if (f.label && !fig.label.includes(f.label) && !(fig.group ?? '').includes(f.label)) continue;
      all.push({
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
        kind: fig.kind ?? 'count',
        periodKind: fig.span?.kind ?? 'unknown',
        sentence: sentenceAround(h.text ?? '', fig.raw),
      });
    }
  }
  const passes = (r: FigureRow, except?: FigureFacet) =>
    FIGURE_FACETS.every((k) => k === except || !selected[k].length || selected[k].includes(facetValue(r, k)));
  // Counts as on the search page: each facet's values counted under the other facets' choices.
  const facets = Object.fromEntries(
    FIGURE_FACETS.map((k) => {
      const counts = new Map<string, number>();
      for (const r of all) if (passes(r, k) && facetValue(r, k)) counts.set(facetValue(r, k), (counts.get(facetValue(r, k)) ?? 0) + 1);
      for (const v of selected[k]) if (!counts.has(v)) counts.set(v, 0);
      return [k, [...counts].map(([value, count]) => ({ value, count, selected: selected[k].includes(value) }))];
    }),
  ) as Record<FigureFacet, FigureFacetValue[]>;
  const rows = all.filter((r) => passes(r));
  sortRows(rows, f);
  return { query: { ...f, q: state.q, filters: state.filters }, total: rows.length, rows, facets };
}

export type FiguresData = Awaited<ReturnType<typeof figuresData>>;

/**
 * Values are compared only within one kind and unit: the rows come in groups of one kind (count,
 * amount, rate, change, ratio) and one unit (the most frequent first), sorted inside each group.
 */
function sortRows(rows: FigureRow[], f: FigureQuery): void {
  const units = new Map<string, number>();
  for (const r of rows) units.set(r.figure.unit, (units.get(r.figure.unit) ?? 0) + 1);
  const unitRank = new Map([...units].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([u], i) => [u, i]));
  const dir = f.order === 'asc' ? 1 : -1;
  const key = (r: FigureRow) =>
    f.sortBy === 'city' ? `${r.province ?? ''}${r.city ?? ''}` : f.sortBy === 'label' ? `${r.figure.group ?? '\uffff'}${r.figure.label}` : '';
  rows.sort(
    (a, b) =>
      FIGURE_KINDS.indexOf(a.kind) - FIGURE_KINDS.indexOf(b.kind) ||
      (unitRank.get(a.figure.unit) ?? 0) - (unitRank.get(b.figure.unit) ?? 0) ||
      dir * (f.sortBy === 'value' ? a.figure.value - b.figure.value : key(a).localeCompare(key(b), 'zh')) ||
      a.figure.value - b.figure.value,
  );
}
