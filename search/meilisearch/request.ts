// Turns a SearchRequest into one Meilisearch multi-search: the main query, plus one count-only
// query per selected facet with that facet's own filter removed, for disjunctive counts.
import type { FacetField, Filters, FilterField } from '../types';
import { FACET_FIELDS, FILTER_FIELDS } from '../types';
import type { NormalizedRequest } from '../fields';
import { parseQuery } from '../query';
import { encodeQueryPart } from './encode';
import { ATTRIBUTE } from './settings';

/** A filter value as a quoted Meilisearch string: user text never becomes filter syntax. */
export function quoteValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Filters as an array of arrays: the inner arrays are ORed, the outer one ANDed. */
export function filterExpression(filters: Filters, except?: FilterField): string[][] {
  const out: string[][] = [];
  for (const f of FILTER_FIELDS) {
    const values = filters[f];
    if (f === except || !values?.length) continue;
    out.push(values.map((v) => `${ATTRIBUTE[f]} = ${quoteValue(v)}`));
  }
  return out;
}

/**
 * The query string: every word or phrase becomes exact phrases of its tokens (see encode.ts), so a
 * word is found inside longer words exactly as in the embedded engine; -words become -phrases.
 */
export function meiliQuery(q: string): string {
  const parsed = parseQuery(q);
  const include = parsed.include.flatMap(encodeQueryPart);
  const exclude = parsed.exclude.flatMap(encodeQueryPart).map((p) => `-${p}`);
  return [...include, ...exclude].join(' ');
}

/** No hits, but an exact total: page-based pagination counts every match, limit/offset only estimates. */
const COUNT_ONLY = { page: 1, hitsPerPage: 0 };

export interface MultiSearchPlan {
  queries: Record<string, unknown>[];
  /** For each query after the first, the facet whose counts it carries. */
  facetQueries: FacetField[];
}

export function buildMultiSearch(indexUid: string, r: NormalizedRequest): MultiSearchPlan {
  const q = meiliQuery(r.q);
  const sort = r.sort === 'date' ? ['published:desc', 'order:asc'] : r.sort === 'report' || !q ? ['order:asc'] : undefined;
  const main: Record<string, unknown> = {
    indexUid,
    q,
    filter: filterExpression(r.filters),
    page: r.page,
    hitsPerPage: r.perPage,
    matchingStrategy: 'all',
    ...(sort ? { sort } : {}),
    ...(r.facets ? { facets: FACET_FIELDS.map((f) => ATTRIBUTE[f]) } : {}),
  };
  const facetQueries = r.facets ? FACET_FIELDS.filter((f) => r.filters[f]?.length) : [];
  const queries = [
    main,
    ...facetQueries.map((f) => ({ indexUid, q, filter: filterExpression(r.filters, f), ...COUNT_ONLY, matchingStrategy: 'all', facets: [ATTRIBUTE[f]] })),
  ];
  return { queries, facetQueries };
}

/** Count-only queries for a rows × columns matrix: one per row value, restricted to that value. */
export function buildCrossSearch(
  indexUid: string,
  r: NormalizedRequest,
  rowField: FilterField,
  colField: FilterField,
  rowValues: string[],
): Record<string, unknown>[] {
  const q = meiliQuery(r.q);
  return rowValues.map((value) => ({
    indexUid,
    q,
    filter: filterExpression({ ...r.filters, [rowField]: [value] }),
    ...COUNT_ONLY,
    matchingStrategy: 'all',
    facets: [ATTRIBUTE[colField]],
  }));
}

/** The first query of a matrix: which row values occur at all. */
export function buildRowValuesSearch(indexUid: string, r: NormalizedRequest, rowField: FilterField): Record<string, unknown> {
  return { indexUid, q: meiliQuery(r.q), filter: filterExpression(r.filters), ...COUNT_ONLY, matchingStrategy: 'all', facets: [ATTRIBUTE[rowField]] };
}
