// What the Meilisearch adapter sends and how it reads answers: pure functions, no server. The live
// behaviour is covered by the contract suite and tests/meilisearch/live.test.ts (npm run test:meili).
import {
  buildMatrixColumns,
  buildMatrixTotals,
  buildSearch,
  filterExpression,
  meiliQueries,
  quoteValue,
  MAX_COMBINATIONS,
} from '../../search/meilisearch/request';
import { parseQuery } from '../../search/query';
import { InvalidRequestError } from '../../search/errors';
import { toResult, type MeiliSearchAnswer } from '../../search/meilisearch/response';
import { attributeOf, chunkSettings } from '../../search/meilisearch/settings';
import { facetFields } from '../../core/fields';
import { toMeiliChunk, fromMeiliChunk } from '../../search/meilisearch/documents';
import { encodeQueryPart, encodeText } from '../../search/meilisearch/encode';
import { normalizeRequest } from '../../search/fields';
import { seedCorpus } from '../helpers/corpus';

const req = (over: Partial<Parameters<typeof normalizeRequest>[0]>) => normalizeRequest({ q: '', filters: {}, page: 1, perPage: 20, ...over });
const meiliQuery = (q: string) =>
  meiliQueries(parseQuery(q))
    .map((x) => x.q)
    .join(' | ');
const phraseOf = (w: string) => encodeQueryPart(w).phrases[0];
const target = { index: 'chunks', mode: 'exact' as const };
const plan = (r: ReturnType<typeof req>) => buildSearch(target, r, parseQuery(r.q));

describe('Meilisearch index settings', () => {
  const s = chunkSettings();

  it('searches only the token fields, heading first, with exact tokens (no typos, no prefixes) and word proximity for phrases', () => {
    expect(s.searchableAttributes).toEqual([
      'headingTokens',
      'textTokens',
      'contextTokens',
      'metaTokens',
      'headingOnlyTokens',
      'sentenceTokens',
      'paragraphTokens',
    ]);
    expect(s.typoTolerance).toEqual({ enabled: false });
    expect(s.prefixSearch).toBe('disabled');
    expect(s.proximityPrecision).toBe('byWord');
  });

  it('filters by equality only, sorts and facets on the fields the product uses, and on the characters of a chunk', () => {
    const [filterable] = s.filterableAttributes;
    expect(s.filterableAttributes).toHaveLength(1);
    expect([...filterable.attributePatterns].sort()).toEqual(
      ['agencies', 'chars', 'city', 'district', 'docId', 'kind', 'practices', 'province', 'themes', 'year'].sort(),
    );
    expect(filterable.features).toEqual({ facetSearch: false, filter: { equality: true, comparison: false } });
    expect(s.sortableAttributes).toEqual(expect.arrayContaining(['published', 'order']));
    expect(s.faceting).toEqual({ maxValuesPerFacet: 1000, sortFacetValuesBy: { '*': 'count' } });
    expect(s.pagination.maxTotalHits).toBeGreaterThanOrEqual(10_000);
    expect(s.displayedAttributes).not.toContain('textTokens');
  });
});

describe('Meilisearch requests', () => {
  it('quotes and escapes every filter value: user text never becomes filter syntax', () => {
    expect(quoteValue('保山市')).toBe('"保山市"');
    expect(quoteValue('a"b\\c d')).toBe('"a\\"b\\\\c d"');
    expect(quoteValue('x" OR city = "y')).toBe('"x\\" OR city = \\"y"');
    expect(filterExpression({ city: ['保山市', '晋城市'], agency: ['法院'] })).toEqual([['city = "保山市"', 'city = "晋城市"'], ['agencies = "法院"']]);
  });

  it('turns words and phrases into exact token phrases, and -words into excluded phrases', () => {
    const phrase = (w: string) => `"${encodeText(w).split(' ').slice(0, -1).join(' ')}"`;
    expect(meiliQuery('调解')).toBe(phrase('调解'));
    expect(meiliQuery('人民调解委员会 -法院')).toBe(`${phrase('人民调解委员会')} -${phrase('法院')}`);
    expect(meiliQuery('"矛盾 纠纷" 12309')).toBe(`${encodeQueryPart('矛盾 纠纷').phrases[0]} ${phrase('12309')}`);
    expect(meiliQuery('" ( *')).toBe('');
  });

  it('looks lone characters up as filters on the characters of a chunk, included or excluded', () => {
    expect(meiliQueries(parseQuery('网 调解 -的'))).toEqual([{ q: phraseOf('调解'), filter: [['chars = "网"'], ['NOT chars = "的"']] }]);
    const [main] = plan(req({ q: '网', filters: { city: ['保山市'] } })).bodies[0].queries;
    expect(main).toMatchObject({ q: '', filter: [['city = "保山市"'], ['chars = "网"']] });
  });

  it('spreads every answer over the shards as a federated search with one query per shard', () => {
    const p = buildSearch({ ...target, remotes: ['kb0', 'kb1'] }, req({ q: '调解', filters: { city: ['保山市'] } }), parseQuery('调解'));
    expect(p.bodies).toHaveLength(2);
    expect(p.bodies[0].queries.map((q) => q.federationOptions)).toEqual([{ remote: 'kb0' }, { remote: 'kb1' }]);
    expect(p.bodies[0].federation).toMatchObject({ page: 1, hitsPerPage: 20, facetsByIndex: { chunks: expect.any(Array) }, mergeFacets: {} });
    expect(p.bodies[1].federation).toMatchObject({ page: 1, hitsPerPage: 0, facetsByIndex: { chunks: ['city'] } });
  });

  it('counts a matrix with one faceted query per column value, not one per cell', () => {
    const r = req({ q: '调解' });
    const [totals] = buildMatrixTotals(target, r, parseQuery('调解'), 'city', 'theme');
    expect(totals.queries[0]).toMatchObject({ hitsPerPage: 0, facets: ['city', 'themes'] });
    const [cols] = buildMatrixColumns(target, r, parseQuery('调解'), 'city', 'theme', ['mediation', 'grid']);
    expect(cols.queries.map((q) => q.filter)).toEqual([[['themes = "mediation"']], [['themes = "grid"']]]);
    expect(cols.queries.every((q) => JSON.stringify(q.facets) === '["city"]')).toBe(true);
  });

  it('asks for disjunctive facet counts with one extra query per selected facet', () => {
    const none = plan(req({ q: '调解' }));
    expect(none.bodies).toHaveLength(1);
    const [main] = none.bodies[0].queries;
    expect(none.facetQueries).toEqual([]);
    expect(main).toMatchObject({ indexUid: 'chunks', q: meiliQuery('调解'), filter: [], page: 1, hitsPerPage: 20, matchingStrategy: 'all' });
    expect(main.facets).toEqual(facetFields().map((f) => attributeOf(f)));
    expect(main.facets).toEqual(expect.arrayContaining(['city', 'province', 'agencies', 'themes', 'practices', 'year']));

    const filters = { city: ['保山市'], agency: ['法院', '检察院'], kind: ['measure'] };
    const two = plan(req({ q: '调解', filters }));
    expect(two.facetQueries).toEqual(['city', 'agency']);
    const queries = two.bodies[0].queries;
    expect(queries).toHaveLength(3);
    expect(queries[0].filter).toEqual([['city = "保山市"'], ['agencies = "法院"', 'agencies = "检察院"'], ['kind = "measure"']]);
    expect(queries[1]).toMatchObject({
      page: 1,
      hitsPerPage: 0,
      facets: ['city'],
      filter: [['agencies = "法院"', 'agencies = "检察院"'], ['kind = "measure"']],
    });
    expect(queries[2]).toMatchObject({ page: 1, hitsPerPage: 0, facets: ['agencies'], filter: [['city = "保山市"'], ['kind = "measure"']] });
  });

  it('answers OR with a federated search over one query per combination of alternatives, and refuses too many', () => {
    expect(meiliQueries(parseQuery('调解 OR 网格 法院')).map((x) => x.q)).toEqual([
      `${meiliQuery('调解')} ${meiliQuery('法院')}`,
      `${meiliQuery('网格')} ${meiliQuery('法院')}`,
    ]);
    const or = plan(req({ q: '调解 OR 网格', filters: { city: ['保山市'] } }));
    expect(or.bodies).toHaveLength(2);
    expect(or.bodies[0].queries).toHaveLength(2);
    expect(or.bodies[0].federation).toMatchObject({ page: 1, hitsPerPage: 20, facetsByIndex: { chunks: expect.any(Array) }, mergeFacets: {} });
    expect(or.bodies[1].federation).toMatchObject({ hitsPerPage: 0, facetsByIndex: { chunks: ['city'] } });
    const many = Array.from({ length: 7 }, (_, i) => `a${i} OR b${i}`).join(' ');
    expect(2 ** 7).toBeGreaterThan(MAX_COMBINATIONS);
    expect(() => meiliQueries(parseQuery(many))).toThrow(InvalidRequestError);
  });

  it('sorts the empty query in report order and by date on request; skips facets when not wanted', () => {
    const first = (r: ReturnType<typeof req>) => plan(r).bodies[0].queries[0];
    expect(first(req({})).sort).toEqual(['order:asc']);
    expect(first(req({ q: '调解', sort: 'date' })).sort).toEqual(['published:desc', 'order:asc']);
    expect(first(req({ q: '调解', sort: '-date' })).sort).toEqual(['published:asc', 'order:asc']);
    expect(first(req({ q: '调解', sort: '-report' })).sort).toEqual(['order:desc']);
    expect(first(req({ q: '调解' })).sort).toBeUndefined();
    const noFacets = plan(req({ q: '调解', filters: { city: ['保山市'] }, facets: false }));
    expect(noFacets.bodies[0].queries).toHaveLength(1);
    expect(noFacets.bodies[0].queries[0].facets).toBeUndefined();
  });
});

describe('Meilisearch responses', () => {
  const chunk = seedCorpus().chunks.find((c) => c.heading.includes('无讼社区')) ?? seedCorpus().chunks[0];

  it('stores a chunk with its token fields and reads it back unchanged', () => {
    const doc = toMeiliChunk(chunk, 7);
    expect(doc.textTokens).toBe(encodeText(chunk.text));
    expect(doc.year).toEqual([String(chunk.year)]);
    expect(doc.chars).toEqual(expect.arrayContaining(['无', '讼']));
    expect(fromMeiliChunk(doc as never)).toEqual(chunk);
    const native = toMeiliChunk(chunk, 7, undefined, 'native');
    expect(native).not.toHaveProperty('textTokens');
    expect(fromMeiliChunk(native as never)).toEqual(chunk);
  });

  it('maps a multi-search answer to a SearchResult with disjunctive facets, highlighting and escaping the text itself', () => {
    const r = normalizeRequest({ q: '无讼社区', filters: { city: ['昆明市'] }, page: 1, perPage: 20 });
    const stored = toMeiliChunk({ ...chunk, text: `<img src=x onerror=alert(1)>无讼社区` }, 1);
    const main: MeiliSearchAnswer = {
      hits: [stored],
      totalHits: 41,
      totalPages: 3,
      page: 1,
      hitsPerPage: 20,
      processingTimeMs: 2,
      facetDistribution: {
        city: { 昆明市: 41 },
        agencies: { 法院: 30, 检察院: 11 },
        themes: {},
        practices: {},
        province: { 云南省: 41 },
        year: { '2021': 41 },
      },
    };
    const cityCounts: MeiliSearchAnswer = { hits: [], totalHits: 60, facetDistribution: { city: { 昆明市: 41, 保山市: 19 } } };
    const res = toResult([main, cityCounts], ['city'], r, parseQuery(r.q), 3.5);
    expect(res).toMatchObject({ total: 41, page: 1, perPage: 20, totalPages: 3, tookMs: 3.5 });
    expect(res.hits[0].headingHtml).toContain('<mark>无讼社区</mark>');
    expect(res.hits[0].snippetHtml).toBe('&lt;img src=x onerror=alert(1)&gt;<mark>无讼社区</mark>');
    expect(res.hits[0]).not.toHaveProperty('text');
    expect(res.hits[0]).not.toHaveProperty('textTokens');
    expect(res.facets.city).toEqual([
      { value: '昆明市', count: 41, selected: true },
      { value: '保山市', count: 19, selected: false },
    ]);
    expect(res.facets.agency).toEqual([
      { value: '法院', count: 30, selected: false },
      { value: '检察院', count: 11, selected: false },
    ]);
  });
});
