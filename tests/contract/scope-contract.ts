// Scoped search, as part of the backend contract: words in headings only (heading:网格员), and
// words all within one sentence or one paragraph of the text ("群众 服务"~sentence). The oracle
// reads the chunks as loaded: a heading is the chunk's heading; sentences and paragraphs are those
// of search/units.ts (。！？； end a sentence, a line of a chunk is a paragraph of its report).
import type { Chunk, SearchBackend, SearchRequest } from '../../core/types';
import { fold } from '../../core/normalize';
import { unitTexts } from '../../search/units';

const flat = (s: string) => fold(s).replace(/\s+/gu, ' ').trim();
const req = (q: string, extra: Partial<SearchRequest> = {}): SearchRequest => ({ q, filters: {}, page: 1, perPage: 100, ...extra });

/** Some sentence (paragraph) of the chunk's text holds every word and none of the excluded ones. */
function together(c: Chunk, unit: 'sentences' | 'paragraphs', words: string[], without: string[] = []): boolean {
  const units = unitTexts(fold(c.text))[unit].map(flat);
  return units.some((u) => words.every((w) => u.includes(flat(w))) && !without.some((w) => u.includes(flat(w))));
}
const inHeading = (c: Chunk, w: string) => flat(c.heading).includes(flat(w));

export function scopeContract(get: () => { backend: SearchBackend; chunks: Chunk[]; allIds: (r: SearchRequest) => Promise<string[]> }): void {
  const ids = (list: Chunk[]) => list.map((c) => c.id).sort();
  const found = async (r: SearchRequest) => (await get().allIds(r)).sort();

  it.each(['heading:服务', 'heading：服务', '标题:服务', '篇名：服务', 'HEADING:服务'])(
    'finds %s in headings only, typed or as the request scope',
    async (q) => {
      const { chunks } = get();
      const expected = ids(chunks.filter((c) => inHeading(c, '服务')));
      const anywhere = await found(req('服务'));
      expect(expected.length).toBeGreaterThan(2);
      expect(anywhere.length).toBeGreaterThan(expected.length);
      expect(await found(req(q))).toEqual(expected);
      expect(await found(req('服务', { scope: 'heading' }))).toEqual(expected);
    },
  );

  it('keeps unscoped words anywhere beside a heading word, and excludes from headings with -heading:', async () => {
    const { chunks, backend } = get();
    const text = (c: Chunk) => flat(`${c.heading}\n${c.text}`);
    const withCity = await found(req('heading:服务 保山'));
    expect(withCity).toEqual(ids(chunks.filter((c) => inHeading(c, '服务') && (text(c).includes('保山') || c.city === '保山市'))));
    expect(withCity.length).toBeGreaterThan(0);
    const notInHeading = await found(req('服务 -heading:服务'));
    const headings = new Set(chunks.filter((c) => inHeading(c, '服务')).map((c) => c.id));
    expect(notInHeading).toEqual((await found(req('服务'))).filter((id) => !headings.has(id)));
    expect(notInHeading.length).toBeGreaterThan(10);
    const res = await backend.search(req('heading:服务'));
    expect(res.total).toBe(chunks.filter((c) => inHeading(c, '服务')).length);
  });

  it.each([
    ['"群众 服务"~sentence', 'sentences', ['群众', '服务']],
    ['"法院 调解"~sentence', 'sentences', ['法院', '调解']],
    ['"群众 服务"~同句', 'sentences', ['群众', '服务']],
    ['"群众 服务"~paragraph', 'paragraphs', ['群众', '服务']],
    ['"法院，调解"~段', 'paragraphs', ['法院', '调解']],
  ] as const)('finds %s: every word within one of the units of the text', async (q, unit, words) => {
    const { chunks } = get();
    const expected = ids(chunks.filter((c) => together(c, unit, [...words])));
    expect(expected.length).toBeGreaterThan(3);
    expect(await found(req(q))).toEqual(expected);
    expect(await found(req(words.join(' '), { scope: unit === 'sentences' ? 'sentence' : 'paragraph' }))).toEqual(expected);
  });

  it('finds fewer chunks with the words in one sentence than in one paragraph, and fewer there than anywhere', async () => {
    const anywhere = await found(req('群众 服务'));
    const paragraph = await found(req('"群众 服务"~paragraph'));
    const sentence = await found(req('"群众 服务"~sentence'));
    expect(sentence.length).toBeLessThan(paragraph.length);
    expect(paragraph.length).toBeLessThanOrEqual(anywhere.length);
    expect(anywhere).toEqual(expect.arrayContaining(paragraph));
    expect(paragraph).toEqual(expect.arrayContaining(sentence));
  });

  it('excludes a word from the sentence with a scoped exclusion, from the chunk with a plain one', async () => {
    const { chunks } = get();
    const scopedOut = await found(req('群众 服务 -网格', { scope: 'sentence' }));
    expect(scopedOut).toEqual(ids(chunks.filter((c) => together(c, 'sentences', ['群众', '服务'], ['网格']))));
    const plainOut = await found(req('"群众 服务"~sentence -网格'));
    const contains = (c: Chunk) => [c.heading, c.text, c.docTitle, ...c.sectionPath].some((f) => flat(f).includes('网格'));
    expect(plainOut).toEqual(ids(chunks.filter((c) => together(c, 'sentences', ['群众', '服务']) && !contains(c))));
  });

  it('counts facets of a scoped search over exactly its hits', async () => {
    const { backend, chunks } = get();
    const res = await backend.search(req('"群众 服务"~sentence'));
    const matching = chunks.filter((c) => together(c, 'sentences', ['群众', '服务']));
    expect(res.total).toBe(matching.length);
    for (const f of res.facets.city ?? []) expect(f.count).toBe(matching.filter((c) => c.city === f.value).length);
  });
}
