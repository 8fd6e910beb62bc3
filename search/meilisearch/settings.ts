// Index settings, applied to a new index before any document is added.
import { FILTER_FIELDS, type FilterField } from '../types';

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

export interface SettingsInput {
  /** Domain words Meilisearch should keep whole (the corpus jieba dictionary). */
  dictionary: string[];
  /** Spelling variants: variant -> canonical practice name. */
  aliases: Record<string, string>;
}

export function chunkSettings({ dictionary, aliases }: SettingsInput) {
  const synonyms: Record<string, string[]> = {};
  for (const [variant, canonical] of Object.entries(aliases)) {
    synonyms[variant] = [...(synonyms[variant] ?? []), canonical];
    synonyms[canonical] = [...(synonyms[canonical] ?? []), variant];
  }
  return {
    // Weight order: heading and practices, body text, then report title and section path;
    // each followed by its bigram field, which carries the substring matches.
    searchableAttributes: ['heading', 'headingGrams', 'practices', 'text', 'textGrams', 'docTitle', 'sectionPath', 'contextGrams'],
    filterableAttributes: FILTER_FIELDS.map((f) => ATTRIBUTE[f]),
    sortableAttributes: ['published', 'position', 'order'],
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
    localizedAttributes: [
      { attributePatterns: ['heading', 'practices', 'text', 'docTitle', 'sectionPath', 'speaker', 'agencyNames', '*Grams'], locales: ['cmn'] },
    ],
    dictionary: [...new Set(dictionary)].sort(),
    synonyms,
    typoTolerance: { disableOnAttributes: ['headingGrams', 'textGrams', 'contextGrams'] },
    faceting: { maxValuesPerFacet: 1000, sortFacetValuesBy: { '*': 'count' as const } },
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'order:asc'],
  };
}

export function docSettings() {
  return {
    filterableAttributes: ['id', 'city', 'province'],
    sortableAttributes: ['order'],
    pagination: { maxTotalHits: MAX_TOTAL_HITS },
  };
}
