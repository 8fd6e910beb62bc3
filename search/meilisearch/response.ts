// Maps Meilisearch's multi-search answer to our SearchResult. Meilisearch matched our token
// fields, not the text, so headings and snippets are highlighted here, as the embedded engine does.
import type { FacetField, Hit, SearchResult } from '../../core/types';
import { facetFields } from '../../core/fields';
import type { NormalizedRequest } from '../fields';
import { orderFacet, totalPages } from '../fields';
import { toHit } from '../highlight';
import { needles, type ParsedQuery } from '../query';
import { attributeOf } from './settings';
import { fromMeiliChunk, type MeiliChunk } from './documents';

export interface MeiliSearchAnswer {
  hits: Partial<MeiliChunk>[];
  totalHits?: number;
  totalPages?: number;
  page?: number;
  hitsPerPage?: number;
  processingTimeMs?: number;
  facetDistribution?: Record<string, Record<string, number>>;
}

export function toResult(answers: MeiliSearchAnswer[], facetQueries: FacetField[], r: NormalizedRequest, parsed: ParsedQuery, tookMs: number): SearchResult {
  const [main, ...facetAnswers] = answers;
  const words = needles(parsed);
  const hits: Hit[] = main.hits.map((h) => toHit(fromMeiliChunk(h as never), words, r));
  const facets: SearchResult['facets'] = {};
  if (r.facets) {
    for (const f of facetFields()) {
      const i = facetQueries.indexOf(f);
      const source = i === -1 ? main : facetAnswers[i];
      const dist = source?.facetDistribution?.[attributeOf(f)] ?? {};
      facets[f] = orderFacet(new Map(Object.entries(dist)), r.filters[f]);
    }
  }
  const total = main.totalHits ?? hits.length;
  const pages = totalPages(total, r.perPage);
  return { total, page: main.page ?? r.page, perPage: r.perPage, totalPages: pages, tookMs, hits, facets, expansions: parsed.expansions };
}
