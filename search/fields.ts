// What every backend does alike with a request: its filters and paging made safe, the metadata a
// query word matches, facet values in order, a matrix from its counts.
import type { Chunk, CrossCounts, FacetCount, FilterField, Filters, SearchRequest, Sort } from '../core/types';
import { MAX_PER_PAGE, SCOPES, SORTS } from '../core/types';
import { pinyinWord } from '../core/pinyin';
import { fieldValues, filterFields, LIMITS, metadataFields } from '../core/fields';
import { InvalidRequestError } from './errors';
import { cleanText } from './query';
import type { Taxonomy } from '../core/taxonomy';

/** What a chunk is searched by first: its heading and the practices it names. */
export function headingField(c: Pick<Chunk, 'heading' | 'practices'>): string {
  return [c.heading, ...c.practices].join('\n');
}

/** The strings a field value is known by: a theme by its id and both labels, an agency by its name and English label. */
export function valueNames(field: FilterField, value: string, taxonomy: Taxonomy): string[] {
  const names = [value];
  if (field === 'theme') {
    const t = taxonomy.themes.find((x) => x.id === value);
    if (t) names.push(t.zh, t.en);
  } else if (field === 'agency') {
    const a = taxonomy.agencies.find((x) => x.id === value);
    if (a) names.push(a.en);
  } else if (field === 'practice') {
    const en = taxonomy.practiceNames.get(value);
    if (en) names.push(en);
  }
  // Places, agencies and practices are found by their pinyin too (Baoshan, fayuan, fengqiao jingyan).
  const sound = pinyinWord(names.length > 1 && field === 'theme' ? names[1] : value);
  if (sound) names.push(sound);
  return [...new Set(names)];
}

/** Everything a query word matches besides the text: place, agencies (and their local names), themes, speaker. */
export function metadataOf(c: Chunk, taxonomy: Taxonomy): string[] {
  const out = metadataFields().flatMap((f) => fieldValues(c, f).flatMap((v) => valueNames(f, v, taxonomy)));
  return [...new Set([...out, ...c.agencyNames, ...(c.speaker ? [c.speaker] : [])])];
}

/** Drops empty and duplicate values, and refuses requests no person would make. */
export function normalizeFilters(filters: Filters | undefined): Filters {
  const out: Filters = {};
  for (const field of filterFields()) {
    const values = filters?.[field];
    if (!values) continue;
    const clean = [...new Set(values.map((v) => cleanText(v).trim()).filter((v) => v.length > 0))];
    if (clean.length > LIMITS.valuesPerFilter) throw new InvalidRequestError(`Too many values for filter "${field}" (at most ${LIMITS.valuesPerFilter}).`);
    if (clean.some((v) => v.length > LIMITS.valueLength))
      throw new InvalidRequestError(`A value for filter "${field}" is longer than ${LIMITS.valueLength} characters.`);
    if (clean.length) out[field] = clean;
  }
  return out;
}

export interface NormalizedRequest extends SearchRequest {
  sort: Sort;
  facets: boolean;
  withText: boolean;
  withFigures: boolean;
  synonyms: boolean;
}

export function normalizeRequest(req: SearchRequest): NormalizedRequest {
  const page = Number.isFinite(req.page) ? Math.max(1, Math.floor(req.page)) : 1;
  const perPage = Number.isFinite(req.perPage) ? Math.min(MAX_PER_PAGE, Math.max(1, Math.floor(req.perPage))) : 20;
  const q = cleanText(req.q);
  const sort = req.sort ?? (q.trim() ? 'relevance' : 'report');
  if (!SORTS.includes(sort)) throw new InvalidRequestError(`Unknown sort "${String(sort)}"; use one of ${SORTS.join(', ')}.`);
  if (req.scope !== undefined && !SCOPES.includes(req.scope))
    throw new InvalidRequestError(`Unknown scope "${String(req.scope)}"; use one of ${SCOPES.join(', ')}.`);
  return {
    q,
    filters: normalizeFilters(req.filters),
    sort,
    page,
    perPage,
    facets: req.facets !== false,
    withText: req.withText === true,
    withFigures: req.withFigures === true,
    synonyms: req.synonyms !== false,
    ...(req.scope ? { scope: req.scope } : {}),
  };
}

/** Whether facet value a (with count ca) comes before b (with cb): more first, then by value. */
function before(a: string, ca: number, b: string, cb: number): boolean {
  return ca > cb || (ca === cb && a < b);
}

/**
 * Facet values ordered by count (then value), the first `limit` of them, with selected values
 * always present. Keeps only the best `limit` while reading the counts: a facet of a large corpus
 * has thousands of values (districts), and sorting them all cost more than counting them.
 */
export function orderFacet(counts: Map<string, number>, selected: string[] = [], limit = 100): FacetCount[] {
  const top: [string, number][] = [];
  for (const entry of counts) {
    const [value, count] = entry;
    if (top.length === limit) {
      const [lv, lc] = top[limit - 1];
      if (!before(value, count, lv, lc)) continue;
      top.pop();
    }
    // Binary search for its place among the kept values.
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(top[mid][0], top[mid][1], value, count)) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, entry);
  }
  const out: FacetCount[] = top.map(([value, count]) => ({ value, count, selected: selected.includes(value) }));
  for (const value of selected) {
    if (!out.some((f) => f.value === value)) out.push({ value, count: counts.get(value) ?? 0, selected: true });
  }
  return out;
}

export function totalPages(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** Orders a row → column → count map into CrossCounts: rows and columns by their totals. */
export function crossResult(counts: Map<string, Map<string, number>>, total: number, tookMs: number): CrossCounts {
  const byCount = <T extends { value: string; count: number }>(a: T, b: T) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
  const colTotals = new Map<string, number>();
  const rows = [...counts.entries()].map(([value, cells]) => {
    // Values come from reports: a value named like an Object property must stay a plain key.
    const out: Record<string, number> = Object.create(null);
    for (const [c, n] of cells) {
      if (c === '') continue;
      out[c] = n;
      colTotals.set(c, (colTotals.get(c) ?? 0) + n);
    }
    return { value, count: cells.get('') ?? 0, cells: out };
  });
  rows.sort(byCount);
  const columns = [...colTotals.entries()].map(([value, count]) => ({ value, count })).sort(byCount);
  return { total, tookMs, rows, columns };
}
