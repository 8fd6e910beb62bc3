import { buildMultiSearch, filterExpression, meiliQuery, quoteValue, HIGHLIGHT_PRE as P, HIGHLIGHT_POST as Q } from '../../search/meilisearch/request';
import { toResult, formattedToHtml, type MeiliSearchAnswer } from '../../search/meilisearch/response';
import { chunkSettings } from '../../search/meilisearch/settings';
import { toMeiliChunk, fromMeiliChunk } from '../../search/meilisearch/documents';
import { normalizeRequest } from '../../search/fields';
import { seedCorpus, testRules } from '../helpers/corpus';

const req = (over: Partial<Parameters<typeof normalizeRequest>[0]>) => normalizeRequest({ q: '', filters: {}, page: 1, perPage: 20, ...over });

describe('Meilisearch index settings', () => {
  const s = chunkSettings({ dictionary: testRules().dictionaryWords, aliases: testRules().practices.aliases });

  it('weighs heading, practices, text, report title and section path in that order', () => {
    expect(s.searchableAttributes.filter((a) => !a.endsWith('Grams'))).toEqual(['heading', 'practices', 'text', 'docTitle', 'sectionPath']);
    expect(s.searchableAttributes).toEqual(expect.arrayContaining(['headingGrams', 'textGrams', 'contextGrams']));
  });

  it('filters, sorts and facets on the fields the product uses', () => {
    expect(s.filterableAttributes.sort()).toEqual(['agencies', 'city', 'district', 'docId', 'kind', 'practices', 'province', 'themes', 'year'].sort());
    expect(s.sortableAttributes).toEqual(expect.arrayContaining(['published', 'position']));
    expect(s.faceting).toEqual({ maxValuesPerFacet: 1000, sortFacetValuesBy: { '*': 'count' } });
    expect(s.pagination.maxTotalHits).toBeGreaterThanOrEqual(10_000);
    expect(s.displayedAttributes).not.toContain('textGrams');
  });

  it('marks the Chinese fields as Chinese and takes dictionary and synonyms from the corpus data', () => {
    expect(s.localizedAttributes[0].locales).toEqual(['cmn']);
    expect(s.localizedAttributes[0].attributePatterns).toEqual(expect.arrayContaining(['heading', 'text', '*Grams']));
    expect(s.dictionary).toEqual(expect.arrayContaining(['枫桥经验', '雪亮工程', '网格员']));
    expect(s.synonyms['新时代枫桥经验']).toEqual(['枫桥经验']);
    expect(s.synonyms['枫桥经验']).toEqual(['新时代枫桥经验']);
  });
});

describe('Meilisearch requests', () => {
  it('quotes and escapes every filter value: user text never becomes filter syntax', () => {
    expect(quoteValue('保山市')).toBe('"保山市"');
    expect(quoteValue('a"b\\c d')).toBe('"a\\"b\\\\c d"');
    expect(quoteValue('x" OR city = "y')).toBe('"x\\" OR city = \\"y"');
    expect(filterExpression({ city: ['保山市', '晋城市'], agency: ['法院'] })).toEqual([['city = "保山市"', 'city = "晋城市"'], ['agencies = "法院"']]);
  });

  it('turns words and phrases into bigram phrases, and -words into exclusions', () => {
    expect(meiliQuery('调解')).toBe('"调解"');
    expect(meiliQuery('人民调解委员会 -法院')).toBe('"人民 民调 调解 解委 委员 员会" -"法院"');
    expect(meiliQuery('"矛盾 纠纷" 12309')).toBe('"矛盾 纠纷" "12309"');
    expect(meiliQuery('" ( *')).toBe('');
  });

  it('asks for disjunctive facet counts with one extra query per selected facet', () => {
    const none = buildMultiSearch('chunks', req({ q: '调解' }));
    expect(none.queries).toHaveLength(1);
    expect(none.facetQueries).toEqual([]);
    expect(none.queries[0]).toMatchObject({ indexUid: 'chunks', q: '"调解"', filter: [], page: 1, hitsPerPage: 20, matchingStrategy: 'all' });
    expect(none.queries[0].facets).toEqual(['city', 'province', 'agencies', 'themes', 'practices', 'year']);

    const filters = { city: ['保山市'], agency: ['法院', '检察院'], kind: ['measure'] };
    const two = buildMultiSearch('chunks', req({ q: '调解', filters }));
    expect(two.facetQueries).toEqual(['city', 'agency']);
    expect(two.queries).toHaveLength(3);
    expect(two.queries[0].filter).toEqual([['city = "保山市"'], ['agencies = "法院"', 'agencies = "检察院"'], ['kind = "measure"']]);
    expect(two.queries[1]).toMatchObject({ limit: 0, facets: ['city'], filter: [['agencies = "法院"', 'agencies = "检察院"'], ['kind = "measure"']] });
    expect(two.queries[2]).toMatchObject({ limit: 0, facets: ['agencies'], filter: [['city = "保山市"'], ['kind = "measure"']] });
  });

  it('sorts the empty query in report order and by date on request; skips facets when not wanted', () => {
    expect(buildMultiSearch('chunks', req({})).queries[0].sort).toEqual(['order:asc']);
    expect(buildMultiSearch('chunks', req({ q: '调解', sort: 'date' })).queries[0].sort).toEqual(['published:desc', 'order:asc']);
    expect(buildMultiSearch('chunks', req({ q: '调解' })).queries[0].sort).toBeUndefined();
    const noFacets = buildMultiSearch('chunks', req({ q: '调解', filters: { city: ['保山市'] }, facets: false }));
    expect(noFacets.queries).toHaveLength(1);
    expect(noFacets.queries[0].facets).toBeUndefined();
  });
});

describe('Meilisearch responses', () => {
  const chunk = seedCorpus().chunks.find((c) => c.heading.includes('无讼社区')) ?? seedCorpus().chunks[0];

  it('stores a chunk with its bigram fields and reads it back unchanged', () => {
    const doc = toMeiliChunk(chunk, 7);
    expect(doc.textGrams.split(' ')).toContain('无讼');
    expect(doc.year).toBe(String(chunk.year));
    expect(fromMeiliChunk({ ...doc, _formatted: {} } as never)).toEqual(chunk);
  });

  it('escapes formatted text and keeps only our own highlight markers', () => {
    expect(formattedToHtml(`a <script>x</script> ${P}调解${Q} & <b>`)).toBe('a &lt;script&gt;x&lt;/script&gt; <mark>调解</mark> &amp; &lt;b&gt;');
    expect(formattedToHtml(`${Q}stray ${P}open`)).toBe('stray <mark>open</mark>');
  });

  it('maps a multi-search answer to a SearchResult with disjunctive facets', () => {
    const r = req({ q: '无讼社区', filters: { city: ['昆明市'] } });
    const stored = toMeiliChunk({ ...chunk, text: `<img src=x onerror=alert(1)>${chunk.text}` }, 1);
    const main: MeiliSearchAnswer = {
      hits: [
        { ...stored, _formatted: { heading: chunk.heading.replace('无讼社区', `${P}无讼社区${Q}`), text: `…<img src=x onerror=alert(1)>${P}无讼社区${Q}…` } },
      ],
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
    const res = toResult([main, cityCounts], ['city'], r, 3.5);
    expect(res).toMatchObject({ total: 41, page: 1, perPage: 20, totalPages: 3, tookMs: 3.5 });
    expect(res.hits[0].headingHtml).toContain('<mark>无讼社区</mark>');
    expect(res.hits[0].snippetHtml).toBe('…&lt;img src=x onerror=alert(1)&gt;<mark>无讼社区</mark>…');
    expect(res.hits[0]).not.toHaveProperty('text');
    expect(res.hits[0]).not.toHaveProperty('textGrams');
    expect(res.facets.city).toEqual([
      { value: '昆明市', count: 41, selected: true },
      { value: '保山市', count: 19, selected: false },
    ]);
    expect(res.facets.agency).toEqual([
      { value: '法院', count: 30, selected: false },
      { value: '检察院', count: 11, selected: false },
    ]);
  });

  it('marks matches itself where Meilisearch marked none (a word inside a longer word)', () => {
    const r = req({ q: '调解' });
    const stored = toMeiliChunk({ ...chunk, heading: '人民调解委员会', text: '健全人民调解委员会' }, 1);
    const res = toResult([{ hits: [{ ...stored, _formatted: { heading: '人民调解委员会', text: '健全人民调解委员会' } }], totalHits: 1 }], [], r, 1);
    expect(res.hits[0].headingHtml).toBe('人民<mark>调解</mark>委员会');
    expect(res.hits[0].snippetHtml).toBe('健全人民<mark>调解</mark>委员会');
  });
});
