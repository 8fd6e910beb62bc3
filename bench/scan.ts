// The plain alternative to an index: every chunk's searchable text (heading, text, title, section
// path and metadata, as the engines search them) held in memory and scanned with String.includes
// for each query word and its synonyms, with the same filters and disjunctive facet counts.
import type { Chunk, SearchRequest, SearchResult } from '../core/types';
import { facetFields } from '../core/fields';
import { headingField, metadataOf, normalizeRequest, orderFacet } from '../search/fields';
import type { Taxonomy } from '../core/taxonomy';
import { parseQuery } from '../search/query';
import { fold } from '../core/normalize';
import { FacetStore, factsOf } from '../search/sqlite/facet-store';

const flat = (s: string) => fold(s).replace(/\s+/gu, ' ').trim();

export class SubstringScan {
  private readonly texts: string[];
  private readonly store: FacetStore;

  constructor(
    private readonly chunks: Chunk[],
    private readonly taxonomy: Taxonomy,
  ) {
    // Fields are kept apart by a character no query word holds.
    this.texts = chunks.map((c) => [headingField(c), c.text, c.docTitle, c.sectionPath.join('\n'), ...metadataOf(c, taxonomy)].map(flat).join('\u0000'));
    this.store = new FacetStore(chunks.map(factsOf), chunks.length);
  }

  search(req: SearchRequest): Pick<SearchResult, 'total' | 'facets'> & { rows: Int32Array } {
    const r = normalizeRequest(req);
    const q = parseQuery(r.q, { synonyms: r.synonyms ? this.taxonomy.synonyms : [] });
    const groups = q.groups.map((g) => g.map(flat).filter(Boolean)).filter((g) => g.length);
    const exclude = q.exclude.map(flat).filter(Boolean);
    const rows = new Int32Array(this.chunks.length);
    let n = 0;
    for (let i = 0; i < this.texts.length; i++) {
      const t = this.texts[i];
      if (groups.every((g) => g.some((w) => t.includes(w))) && !exclude.some((w) => t.includes(w))) rows[n++] = i + 1;
    }
    const counted = this.store.filterAndCount(rows.subarray(0, n), r.filters, r.facets);
    const facets: SearchResult['facets'] = {};
    if (r.facets) for (const f of facetFields()) facets[f] = orderFacet(counted.facets[f] ?? new Map(), r.filters[f]);
    return { total: counted.rows.length, facets, rows: counted.rows };
  }
}
