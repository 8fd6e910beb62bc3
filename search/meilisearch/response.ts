// Maps Meilisearch's multi-search answer to our SearchResult. Document text comes back as it was
// stored: everything is escaped and only our own highlight markers become <mark>.
import type { FacetField, Hit, SearchResult } from '../types';
import { FACET_FIELDS } from '../types';
import type { NormalizedRequest } from '../fields';
import { orderFacet, totalPages } from '../fields';
import { escapeHtml, highlight, snippet } from '../highlight';
import { parseQuery } from '../query';
import { ATTRIBUTE } from './settings';
import { fromMeiliChunk, type MeiliChunk } from './documents';
import { HIGHLIGHT_POST, HIGHLIGHT_PRE } from './request';

export interface MeiliSearchAnswer {
  hits: (Partial<MeiliChunk> & { _formatted?: Record<string, unknown> })[];
  totalHits?: number;
  totalPages?: number;
  page?: number;
  hitsPerPage?: number;
  processingTimeMs?: number;
  facetDistribution?: Record<string, Record<string, number>>;
}

const MARKER = new RegExp(`[${HIGHLIGHT_PRE}${HIGHLIGHT_POST}]`, 'g');

/** Escapes formatted text and turns our markers, and only them, into <mark>. */
export function formattedToHtml(formatted: string): string {
  let open = false;
  return (
    escapeHtml(formatted).replace(MARKER, (m) => {
      if (m === HIGHLIGHT_PRE && !open) return ((open = true), '<mark>');
      if (m === HIGHLIGHT_POST && open) return ((open = false), '</mark>');
      return '';
    }) + (open ? '</mark>' : '')
  );
}

function formatted(hit: MeiliSearchAnswer['hits'][number], field: string): string | null {
  const v = hit._formatted?.[field];
  return typeof v === 'string' && v.includes(HIGHLIGHT_PRE) ? formattedToHtml(v) : null;
}

export function toResult(answers: MeiliSearchAnswer[], facetQueries: FacetField[], r: NormalizedRequest, tookMs: number): SearchResult {
  const [main, ...facetAnswers] = answers;
  const needles = parseQuery(r.q).include;
  const hits: Hit[] = main.hits.map((h) => {
    const chunk = fromMeiliChunk(h as never);
    const { text, figures, ...rest } = chunk;
    // Where Meilisearch marked nothing (a match inside a longer word), mark it ourselves.
    return {
      ...rest,
      ...(r.withText ? { text } : {}),
      ...(r.withFigures ? { figures } : {}),
      headingHtml: formatted(h, 'heading') ?? highlight(chunk.heading ?? '', needles),
      snippetHtml: formatted(h, 'text') ?? snippet(text ?? '', needles),
      figureCount: figures?.length ?? 0,
    };
  });
  const facets: SearchResult['facets'] = {};
  if (r.facets) {
    for (const f of FACET_FIELDS) {
      const i = facetQueries.indexOf(f);
      const source = i === -1 ? main : facetAnswers[i];
      const dist = source?.facetDistribution?.[ATTRIBUTE[f]] ?? {};
      facets[f] = orderFacet(new Map(Object.entries(dist)), r.filters[f]);
    }
  }
  const total = main.totalHits ?? hits.length;
  const pages = totalPages(total, r.perPage);
  return { total, page: main.page ?? r.page, perPage: r.perPage, totalPages: pages, tookMs, hits, facets };
}
