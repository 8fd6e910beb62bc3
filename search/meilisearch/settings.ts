// Index settings, applied to a new index before any document is added.
import { field, fields } from '../../core/fields';
import { CHARS_FIELD, searchableFields, type MeiliMode } from './documents';

/** The Meilisearch attribute holding a filter field's values (core/fields.ts). */
export function attributeOf(key: string): string {
  const spec = field(key);
  if (!spec) throw new Error(`Unknown filter field "${key}".`);
  return spec.attribute;
}

export const MAX_TOTAL_HITS = 100_000;

/** Filters by equal values only: no facet search, no ranges (which would cost indexing work). */
function equalityOnly(attributes: string[]) {
  return { attributePatterns: attributes, features: { facetSearch: false, filter: { equality: true, comparison: false } } };
}

export function chunkSettings(mode: MeiliMode = 'exact') {
  return {
    // Exact: only the token fields are searched (see encode.ts): heading and practices first, then
    // the text, then report title and section path, then metadata; the characters answer lone
    // characters as a filter. Native: the same texts as they are.
    searchableAttributes: searchableFields(mode),
    filterableAttributes: [equalityOnly([...fields().map((f) => f.attribute), ...(mode === 'exact' ? [CHARS_FIELD] : [])])],
    sortableAttributes: ['published', 'order'],
    displayedAttributes: [
      ...new Set([
        'id',
        'docId',
        'docTitle',
        'position',
        'kind',
        'heading',
        'title',
        'sectionPath',
        'text',
        'speaker',
        'city',
        'province',
        'district',
        'agencies',
        'agencyNames',
        'themes',
        'practices',
        'figures',
        'year',
        'published',
        ...fields().map((f) => f.attribute),
      ]),
    ],
    // Tokens are exact: no typos, no prefixes, no stop words. Phrases need word proximity in exact
    // mode; native mode only ranks by it, and there the attribute is enough.
    proximityPrecision: mode === 'exact' ? ('byWord' as const) : ('byAttribute' as const),
    // Chinese segmentation for the searched texts only: filter values need none, and naming every
    // attribute ('*') made native indexing about 1.5 times slower.
    ...(mode === 'native' ? { localizedAttributes: [{ attributePatterns: searchableFields(mode), locales: ['cmn' as const] }] } : {}),
    typoTolerance: { enabled: false },
    prefixSearch: 'disabled' as const,
    stopWords: [],
    facetSearch: false,
    faceting: { maxValuesPerFacet: 1000, sortFacetValuesBy: { '*': 'count' as const } },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    // An explicit sort (date, report order) decides first; without one, relevance does.
    rankingRules: ['sort', 'words', 'proximity', 'attribute', 'exactness', 'order:asc'],
  };
}

export function docSettings() {
  return {
    filterableAttributes: ['id', 'city', 'province'],
    sortableAttributes: ['order'],
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
  };
}
