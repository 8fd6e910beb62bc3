// Turns a SearchRequest into Meilisearch searches: the main query plus one count-only query per
// selected facet with that facet's own filter removed, for disjunctive counts. A query with OR
// groups becomes several conjunctive queries (one per combination of alternatives) merged by a
// federated search, which ranks, deduplicates and counts their union.
import type { FacetField, Filters, FilterField, Sort } from '../../core/types';
import { facetFields, filterFields } from '../../core/fields';
import { InvalidRequestError } from '../errors';
import type { NormalizedRequest } from '../fields';
import type { ParsedQuery } from '../query';
import { encodeQueryPart } from './encode';
import { attributeOf } from './settings';

/** More combinations of OR alternatives than this are refused: each is a query of its own. */
export const MAX_COMBINATIONS = 64;

/** A filter value as a quoted Meilisearch string: user text never becomes filter syntax. */
export function quoteValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Filters as an array of arrays: the inner arrays are ORed, the outer one ANDed. */
export function filterExpression(filters: Filters, except?: FilterField): string[][] {
  const out: string[][] = [];
  for (const f of filterFields()) {
    const values = filters[f];
    if (f === except || !values?.length) continue;
    out.push(values.map((v) => `${attributeOf(f)} = ${quoteValue(v)}`));
  }
  return out;
}

/**
 * The query strings whose union is the query: every word or phrase becomes exact phrases of its
 * tokens (see encode.ts), so a word is found inside longer words exactly as in the embedded
 * engine; -words become -phrases; OR groups multiply out into one string per combination.
 */
export function meiliQueries(parsed: ParsedQuery): string[] {
  const exclude = parsed.exclude.flatMap(encodeQueryPart).map((p) => `-${p}`);
  let combos: string[][] = [[]];
  for (const group of parsed.groups) {
    const alternatives = group.map((w) => encodeQueryPart(w)).filter((p) => p.length);
    if (!alternatives.length) continue;
    if (combos.length * alternatives.length > MAX_COMBINATIONS)
      throw new InvalidRequestError(`Too many OR alternatives: Meilisearch searches each combination separately, at most ${MAX_COMBINATIONS}.`, {
        code: 'too-many-alternatives',
        max: MAX_COMBINATIONS,
      });
    combos = combos.flatMap((c) => alternatives.map((a) => [...c, ...a]));
  }
  return combos.map((c) => [...c, ...exclude].join(' '));
}

function sortOf(sort: Sort, hasQuery: boolean): string[] | undefined {
  if (sort === 'date') return ['published:desc', 'order:asc'];
  if (sort === '-date') return ['published:asc', 'order:asc'];
  if (sort === 'report' || (sort === 'relevance' && !hasQuery)) return ['order:asc'];
  if (sort === '-report') return ['order:desc'];
  return undefined;
}

/** No hits, but an exact total: page-based pagination counts every match, limit/offset only estimates. */
const COUNT_ONLY = { page: 1, hitsPerPage: 0 };

/** One request to POST /multi-search, and whether it is federated. */
export interface MultiSearchBody {
  queries: Record<string, unknown>[];
  federation?: Record<string, unknown>;
}

export interface SearchPlan {
  /** Requests whose answers are, in order, the main result and one answer per query of a plain request. */
  bodies: MultiSearchBody[];
  /** For each answer after the first, the facet whose counts it carries. */
  facetQueries: FacetField[];
}

/** The searches of one request: `extra` is merged into every conjunctive query. */
function searches(index: string, qs: string[], filter: string[][], extra: Record<string, unknown>): Record<string, unknown>[] {
  return qs.map((q) => ({ indexUid: index, q, filter, matchingStrategy: 'all', ...extra }));
}

export function buildSearch(index: string, r: NormalizedRequest, parsed: ParsedQuery): SearchPlan {
  const qs = meiliQueries(parsed);
  const sort = sortOf(r.sort, parsed.groups.length > 0 || parsed.exclude.length > 0);
  const facetQueries = r.facets ? facetFields().filter((f) => r.filters[f]?.length) : [];
  const facetsFor = (f?: FacetField) => (f ? [attributeOf(f)] : facetFields().map((x) => attributeOf(x)));
  if (qs.length === 1) {
    const main = searches(index, qs, filterExpression(r.filters), {
      page: r.page,
      hitsPerPage: r.perPage,
      ...(sort ? { sort } : {}),
      ...(r.facets ? { facets: facetsFor() } : {}),
    });
    const counts = facetQueries.flatMap((f) => searches(index, qs, filterExpression(r.filters, f), { ...COUNT_ONLY, facets: facetsFor(f) }));
    return { bodies: [{ queries: [...main, ...counts] }], facetQueries };
  }
  const federated = (filter: string[][], page: number, hitsPerPage: number, facets?: string[]): MultiSearchBody => ({
    queries: searches(index, qs, filter, sort ? { sort } : {}),
    federation: { page, hitsPerPage, ...(facets ? { facetsByIndex: { [index]: facets }, mergeFacets: {} } : {}) },
  });
  return {
    bodies: [
      federated(filterExpression(r.filters), r.page, r.perPage, r.facets ? facetsFor() : undefined),
      ...facetQueries.map((f) => federated(filterExpression(r.filters, f), 1, 0, facetsFor(f))),
    ],
    facetQueries,
  };
}

/** The count-only searches of a matrix: which row values occur, then one search per row value. */
export function buildRowValuesSearch(index: string, r: NormalizedRequest, parsed: ParsedQuery, rowField: FilterField): MultiSearchBody {
  return countBody(index, meiliQueries(parsed), filterExpression(r.filters), [attributeOf(rowField)]);
}

export function buildCrossSearch(
  index: string,
  r: NormalizedRequest,
  parsed: ParsedQuery,
  rowField: FilterField,
  colField: FilterField,
  rowValue: string,
): MultiSearchBody {
  return countBody(index, meiliQueries(parsed), filterExpression({ ...r.filters, [rowField]: [rowValue] }), [attributeOf(colField)]);
}

function countBody(index: string, qs: string[], filter: string[][], facets: string[]): MultiSearchBody {
  if (qs.length === 1) return { queries: searches(index, qs, filter, { ...COUNT_ONLY, facets }) };
  return { queries: searches(index, qs, filter, {}), federation: { ...COUNT_ONLY, facetsByIndex: { [index]: facets }, mergeFacets: {} } };
}
