// Turns a SearchRequest into Meilisearch searches: the main query plus one count-only query per
// selected facet with that facet's own filter removed, for disjunctive counts. A query with OR
// groups becomes several conjunctive queries (one per combination of alternatives) merged by a
// federated search, which ranks, deduplicates and counts their union. Over shards, every answer is
// a federated search of its queries on every shard (remote federated search).
import type { FacetField, Filters, FilterField, Scope, Sort } from '../../core/types';
import { facetFields, filterFields } from '../../core/fields';
import { InvalidRequestError } from '../errors';
import type { NormalizedRequest } from '../fields';
import type { ParsedQuery } from '../query';
import { encodeQueryPart, scopeSuffix, UNIT_SLOTS, type EncodedPart } from './encode';
import { CHARS_FIELD, type MeiliMode } from './documents';
import { attributeOf } from './settings';

/** More combinations of OR alternatives than this are refused: each is a query of its own. */
export const MAX_COMBINATIONS = 64;

/** Where a search goes: the live index, its mode, and the shards' remote names when there are several. */
export interface Target {
  index: string;
  mode: MeiliMode;
  remotes?: string[];
}

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

/** One conjunctive query: its q, and the filters its lone characters add (exact mode). */
export interface MeiliQuery {
  q: string;
  filter: string[][];
  /** The only fields to search (native mode's scopes). */
  on?: string[];
}

/** A word in native mode: one phrase of what Meilisearch's segmentation makes of it. */
function nativePart(part: string): EncodedPart {
  const clean = part.replace(/["\\]/g, ' ').trim();
  return { phrases: clean ? [`"${clean}"`] : [], chars: [] };
}

/** More searches than this for one answer are refused: a scoped query multiplies its combinations by its units. */
export const MAX_SCOPED_QUERIES = 192;

/**
 * Native mode has no scoped words: a query whose words all share one scope searches only the
 * field it names (the heading, or the text for a sentence or paragraph, without checking that the
 * words stand in one); a scope on only some words is not applied.
 */
function nativeFields(parsed: ParsedQuery): string[] | undefined {
  const scopes = parsed.scopes;
  if (!scopes?.length || !scopes.every((s) => s && s === scopes[0])) return undefined;
  return scopes[0] === 'heading' ? ['heading'] : ['text'];
}

function tooMany(max: number): InvalidRequestError {
  return new InvalidRequestError(`Too many OR alternatives: Meilisearch searches each combination separately, at most ${max}.`, {
    code: 'too-many-alternatives',
    max,
  });
}

/**
 * The queries whose union is the query: every word or phrase becomes exact phrases of its tokens
 * (see encode.ts), so a word is found inside longer words exactly as in the embedded engine;
 * -words become -phrases (and lone characters filters); OR groups multiply out into one query per
 * combination. Scoped words are spelled with their scope's suffix: heading words once, and words
 * kept in one sentence (paragraph) once per sentence slot, each slot a query of its own. A lone
 * character under a scope is looked for anywhere in the chunk.
 */
export function meiliQueries(parsed: ParsedQuery, mode: MeiliMode = 'exact'): MeiliQuery[] {
  const native = mode === 'native';
  const proximity = native ? undefined : parsed.scopes?.find((s): s is 'sentence' | 'paragraph' => s === 'sentence' || s === 'paragraph');
  const slots = proximity ? Array.from({ length: UNIT_SLOTS[proximity] }, (_, n) => n) : [0];
  const out: MeiliQuery[] = [];
  for (const slot of slots) {
    const encode = (part: string, scope: Scope | null | undefined): EncodedPart => {
      if (native) return nativePart(part);
      if (scope === 'heading') return encodeQueryPart(part, scopeSuffix('heading'));
      return encodeQueryPart(part, scope && scope === proximity ? scopeSuffix(scope, slot) : '');
    };
    const excluded = parsed.exclude.map((w, i) => encode(w, parsed.excludeScopes?.[i]));
    const exclude = excluded.flatMap((p) => p.phrases.map((x) => `-${x}`));
    const notChars = excluded.flatMap((p) => p.chars.map((c) => [`NOT ${CHARS_FIELD} = ${quoteValue(c)}`]));
    let combos: EncodedPart[][] = [[]];
    parsed.groups.forEach((group, i) => {
      const alternatives = group.map((w) => encode(w, parsed.scopes?.[i])).filter((p) => p.phrases.length || p.chars.length);
      if (!alternatives.length) return;
      if (combos.length * alternatives.length > MAX_COMBINATIONS) throw tooMany(MAX_COMBINATIONS);
      if (combos.length * alternatives.length * slots.length > MAX_SCOPED_QUERIES) throw tooMany(Math.floor(MAX_SCOPED_QUERIES / slots.length));
      combos = combos.flatMap((c) => alternatives.map((a) => [...c, a]));
    });
    const on = native ? nativeFields(parsed) : undefined;
    for (const c of combos)
      out.push({
        q: [...c.flatMap((p) => p.phrases), ...exclude].join(' '),
        filter: [...c.flatMap((p) => p.chars.map((ch) => [`${CHARS_FIELD} = ${quoteValue(ch)}`])), ...notChars],
        ...(on ? { on } : {}),
      });
  }
  return out;
}

function sortOf(sort: Sort, hasQuery: boolean): string[] | undefined {
  if (sort === 'date') return ['published:desc', 'order:asc'];
  if (sort === '-date') return ['published:asc', 'order:asc'];
  if (sort === 'report' || (sort === 'relevance' && !hasQuery)) return ['order:asc'];
  if (sort === '-report') return ['order:desc'];
  return undefined;
}

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

/** One answer wanted: the union of some queries, a page of it (0 hits: counts only), facets. */
interface Answer {
  queries: MeiliQuery[];
  filter: string[][];
  page: number;
  hitsPerPage: number;
  sort?: string[];
  facets?: string[];
}

function searchOf(index: string, q: MeiliQuery, a: Answer): Record<string, unknown> {
  return {
    indexUid: index,
    q: q.q,
    filter: [...a.filter, ...q.filter],
    matchingStrategy: 'all',
    ...(q.on ? { attributesToSearchOn: q.on } : {}),
    ...(a.sort ? { sort: a.sort } : {}),
  };
}

/**
 * The requests for some answers: plain searches gathered in one multi-search where a single query
 * on a single index gives the answer; otherwise one federated search each. Count-only answers ask
 * for page 1 of 0 hits: page-based pagination counts every match, limit/offset only estimates.
 */
export function bodiesOf(target: Target, answers: Answer[]): MultiSearchBody[] {
  const plain: Record<string, unknown>[] = [];
  const out: MultiSearchBody[] = [];
  const single = answers.every((a) => a.queries.length === 1) && !target.remotes;
  for (const a of answers) {
    if (single) {
      plain.push({ ...searchOf(target.index, a.queries[0], a), page: a.page, hitsPerPage: a.hitsPerPage, ...(a.facets ? { facets: a.facets } : {}) });
      continue;
    }
    const remotes = target.remotes ?? [undefined];
    out.push({
      queries: a.queries.flatMap((q) => remotes.map((remote) => ({ ...searchOf(target.index, q, a), ...(remote ? { federationOptions: { remote } } : {}) }))),
      federation: { page: a.page, hitsPerPage: a.hitsPerPage, ...(a.facets ? { facetsByIndex: { [target.index]: a.facets }, mergeFacets: {} } : {}) },
    });
  }
  return single ? [{ queries: plain }] : out;
}

export function buildSearch(target: Target, r: NormalizedRequest, parsed: ParsedQuery): SearchPlan {
  const queries = meiliQueries(parsed, target.mode);
  const sort = sortOf(r.sort, parsed.groups.length > 0 || parsed.exclude.length > 0);
  const facetQueries = r.facets ? facetFields().filter((f) => r.filters[f]?.length) : [];
  const facetsFor = (f?: FacetField) => (f ? [attributeOf(f)] : facetFields().map((x) => attributeOf(x)));
  const answers: Answer[] = [
    { queries, filter: filterExpression(r.filters), page: r.page, hitsPerPage: r.perPage, sort, facets: r.facets ? facetsFor() : undefined },
    ...facetQueries.map((f) => ({ queries, filter: filterExpression(r.filters, f), page: 1, hitsPerPage: 0, facets: facetsFor(f) })),
  ];
  return { bodies: bodiesOf(target, answers), facetQueries };
}

/**
 * The count-only searches of a matrix. First: the total, each row value's count and which column
 * values occur. Then, per column value, one search counting the rows under it.
 */
export function buildMatrixTotals(target: Target, r: NormalizedRequest, parsed: ParsedQuery, rowField: FilterField, colField: FilterField): MultiSearchBody[] {
  const facets = [attributeOf(rowField), attributeOf(colField)];
  return bodiesOf(target, [{ queries: meiliQueries(parsed, target.mode), filter: filterExpression(r.filters), page: 1, hitsPerPage: 0, facets }]);
}

export function buildMatrixColumns(
  target: Target,
  r: NormalizedRequest,
  parsed: ParsedQuery,
  rowField: FilterField,
  colField: FilterField,
  colValues: string[],
): MultiSearchBody[] {
  const queries = meiliQueries(parsed, target.mode);
  const facets = [attributeOf(rowField)];
  return bodiesOf(
    target,
    colValues.map((c) => ({ queries, filter: filterExpression({ ...r.filters, [colField]: [c] }), page: 1, hitsPerPage: 0, facets })),
  );
}
