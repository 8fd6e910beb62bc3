// Index settings, applied to a new index before any document is added.
import { FILTER_FIELDS, type FilterField } from '../../core/types';
import { TOKEN_FIELDS } from './documents';

/** Our filter fields and the Meilisearch attributes that hold them. */
export const ATTRIBUTE: Record<FilterField, string> = {
  city: 'city',
  province: 'province',
  district: 'district',
  agency: 'agencies',
  theme: 'themes',
  practice: 'practices',
  year: 'year',
  doc: 'docId',
  kind: 'kind',
};

export const MAX_TOTAL_HITS = 100_000;

export function chunkSettings() {
  return {
    // Only the token fields are searched (see encode.ts): heading and practices first, then the
    // text, then report title and section path; the character set answers lone characters.
    searchableAttributes: [...TOKEN_FIELDS],
    filterableAttributes: FILTER_FIELDS.map((f) => ATTRIBUTE[f]),
    sortableAttributes: ['published', 'order'],
    displayedAttributes: [
      'id',
      'docId',
      'docTitle',
      'position',
      'kind',
      'heading',
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
    ],
    // Tokens are exact: no typos, no prefixes, no stop words.
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
