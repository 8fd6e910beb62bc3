// The query semantics every backend must honour, run against each backend with the real corpus.
import type { Chunk, Filters, SearchBackend, SearchRequest } from '../../core/types';
import { rng as mulberry, synthesize } from '../../bench/synthetic';
import { facetFields } from '../../core/fields';
import { headingField, metadataOf } from '../../search/fields';
import { fieldValues } from '../../core/fields';
import { fold } from '../../core/normalize';
import { seedCorpus } from '../helpers/corpus';
import { Converter } from 'opencc-js/cn2t';
import { testTaxonomy, type TestBackend } from '../helpers/backend';
import { scopeContract } from './scope-contract';

const flat = (s: string) => fold(s).replace(/\s+/gu, ' ').trim();
/**
 * The substring oracle: the fields a word is searched in — heading and practices, text, report
 * title, section path, and the chunk's metadata (place, agencies, themes, speaker) — folded, with
 * whitespace runs as one space.
 */
const fieldsOf = (c: Chunk) => [headingField(c), c.text, c.docTitle, c.sectionPath.join('\n'), ...metadataOf(c, testTaxonomy())].map(flat);
const contains = (c: Chunk, word: string) => fieldsOf(c).some((f) => f.includes(flat(word)));
const req = (q: string, extra: Partial<SearchRequest> = {}): SearchRequest => ({ q, filters: {}, page: 1, perPage: 100, ...extra });

/** Searches both backends must answer with the same totals and facet counts (see parity.test.ts). */
/** Words every chunk containing them must be found by, even inside a longer word and across scripts. */
const SUBSTRING_WORDS = [
  '调解',
  '网格',
  '网格员',
  '人民调解委员会',
  '法院',
  '枫桥经验',
  '12309',
  '调解成功率',
  '网',
  '治已病',
  'APP',
  '4+N',
  '综治e通',
  '309',
  '600个',
  'e通',
  'ｅ通',
];

export const PARITY_REQUESTS: SearchRequest[] = [
  '',
  ...SUBSTRING_WORDS,
  '调解 法院',
  '"矛盾纠纷多元化解"',
  '矛盾纠纷 多元化解',
  '调解 -法院',
  '-调解',
  '无讼社区',
  '网格员 云南',
  'mediation',
  '无讼 OR 网格员 法院',
  '"一站式" OR "12309" -法院',
  '妇女调解',
  '楓橋經驗',
  'ＡＰＰ',
  'heading:服务',
  '"群众 服务"~sentence',
  '"法院 调解"~paragraph -公安',
  '服务 -heading:服务',
].flatMap((q) => [req(q), req(q, { filters: { city: ['保山市', '昆明市'], agency: ['法院'] } }), req(q, { filters: { theme: ['mediation'] }, sort: 'date' })]);

export async function allIds(backend: SearchBackend, r: SearchRequest): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const res = await backend.search({ ...r, page, perPage: 100, facets: false });
    ids.push(...res.hits.map((h) => h.id));
    if (page >= res.totalPages) return ids;
  }
}

/** `slow`: a backend for a large build, whose requests may wait longer on a busy server. */
export function backendContract(name: string, make: (slow?: boolean) => TestBackend): void {
  describe(`${name} backend contract`, () => {
    let t: TestBackend;
    let backend: SearchBackend;
    const { docs, chunks } = seedCorpus();

    beforeAll(async () => {
      t = make();
      backend = t.backend;
      await backend.replaceAll(docs, chunks);
    });
    afterAll(async () => t.dispose());

    it('browses every chunk in report order when the query is empty', async () => {
      const res = await backend.search(req(''));
      expect(res.total).toBe(chunks.length);
      expect(res.hits.map((h) => h.id)).toEqual(chunks.slice(0, 100).map((c) => c.id));
    });

    it.each(SUBSTRING_WORDS)('finds every chunk that contains "%s", even inside a longer word and across scripts', async (word) => {
      const expected = chunks.filter((c) => contains(c, word)).map((c) => c.id);
      const got = await allIds(backend, req(word));
      expect(expected.length).toBeGreaterThan(0);
      expect(got).toEqual(expect.arrayContaining(expected));
    });

    it('finds every chunk holding a random piece of a text: 1–8 characters of any script, punctuation inside', async () => {
      const random = mulberry(23);
      let tried = 0;
      while (tried < 120) {
        const c = chunks[Math.floor(random() * chunks.length)];
        const chars = Array.from(c.text);
        const len = 1 + Math.floor(random() * 8);
        const from = Math.floor(random() * Math.max(1, chars.length - len));
        const piece = chars.slice(from, from + len).join('');
        // A piece the query language reads as syntax, or one with nothing to search, proves nothing.
        if (piece.includes('"') || !/[\p{L}\p{N}]/u.test(piece)) continue;
        tried++;
        const expected = chunks.filter((x) => contains(x, piece)).map((x) => x.id);
        const got = await allIds(backend, req(`"${piece}"`));
        expect({ piece, missing: expected.filter((id) => !got.includes(id)) }).toEqual({ piece, missing: [] });
      }
    });

    it('ANDs words', async () => {
      const got = await allIds(backend, req('调解 法院'));
      const expected = chunks.filter((c) => contains(c, '调解') && contains(c, '法院'));
      expect(got.sort()).toEqual(expected.map((c) => c.id).sort());
    });

    it('matches a quoted phrase exactly', async () => {
      const got = await allIds(backend, req('"矛盾纠纷多元化解"'));
      const expected = chunks.filter((c) => contains(c, '矛盾纠纷多元化解'));
      expect(got.sort()).toEqual(expected.map((c) => c.id).sort());
      expect(got.length).toBeLessThan((await allIds(backend, req('矛盾纠纷 多元化解'))).length + 1);
    });

    it('excludes -words, also without any other word', async () => {
      const got = await allIds(backend, req('调解 -法院'));
      expect(got.length).toBeGreaterThan(0);
      for (const id of got) expect(contains(chunks.find((c) => c.id === id) as Chunk, '法院')).toBe(false);
      const onlyExclude = await backend.search(req('-调解'));
      expect(onlyExclude.total).toBe(chunks.filter((c) => !contains(c, '调解')).length);
    });

    it('ranks the 无讼社区 measure of 官渡区 first, carried out by the court', async () => {
      const [top] = (await backend.search(req('无讼社区'))).hits;
      expect(top).toMatchObject({ city: '昆明市', district: '官渡区' });
      expect(top.agencies).toContain('法院');
    });

    it('counts exactly past a thousand hits and pages to the end of a large result', async () => {
      const big = make(true);
      try {
        const synthetic = synthesize(chunks, 1500);
        await big.backend.replaceAll(synthetic.docs, synthetic.chunks);
        const all = await big.backend.search(req('', { perPage: 20 }));
        expect(all.total).toBe(1500);
        const last = await big.backend.search(req('', { perPage: 20, page: 75 }));
        expect(last.hits.map((h) => h.id)).toEqual(synthetic.chunks.slice(1480).map((c) => c.id));
        for (const q of ['的', '调解', '-调解']) {
          const expected = synthetic.chunks.filter((c) => (q.startsWith('-') ? !contains(c, q.slice(1)) : contains(c, q))).length;
          expect((await big.backend.search(req(q, { perPage: 1 }))).total).toBe(expected);
        }
        expect(synthetic.chunks.filter((c) => contains(c, '的')).length).toBeGreaterThan(1000);
      } finally {
        await big.dispose();
      }
      // A Meilisearch build of 1,500 chunks takes about 50 s on two idle cores since headings,
      // sentences and paragraphs have words of their own (README, "Scopes on Meilisearch"); on a
      // loaded machine a server busy indexing takes its next batch of documents only after seconds.
    }, 150_000);

    it('finds 网格员 in all five cities', async () => {
      const res = await backend.search(req('网格员'));
      expect(res.facets.city?.map((f) => f.value).sort()).toEqual(['保山市', '嘉峪关市', '昆明市', '晋城市', '永州市'].sort());
    });

    it('ORs values within a filter and ANDs filters', async () => {
      const res = await backend.search(req('', { filters: { city: ['保山市', '晋城市'], agency: ['法院'] } }));
      const expected = chunks.filter((c) => ['保山市', '晋城市'].includes(c.city ?? '') && c.agencies.includes('法院'));
      expect(res.total).toBe(expected.length);
      for (const h of res.hits) {
        expect(['保山市', '晋城市']).toContain(h.city);
        expect(h.agencies).toContain('法院');
      }
    });

    it('filters by every field', async () => {
      const sample = chunks.find((c) => c.themes.length && c.practices.length && c.district) as Chunk;
      for (const field of ['city', 'province', 'district', 'agency', 'theme', 'practice', 'year', 'doc', 'kind'] as const) {
        const value = fieldValues(sample, field)[0];
        const res = await backend.search(req('', { filters: { [field]: [value] }, perPage: 1 }));
        expect(res.total).toBe(chunks.filter((c) => fieldValues(c, field).includes(value)).length);
      }
    });

    it('keeps other cities counted after one city is selected (disjunctive facets)', async () => {
      const open = await backend.search(req('调解'));
      const picked = await backend.search(req('调解', { filters: { city: ['保山市'] } }));
      expect(picked.facets.city).toEqual(open.facets.city?.map((f) => ({ ...f, selected: f.value === '保山市' })));
      expect(picked.total).toBe(open.facets.city?.find((f) => f.value === '保山市')?.count);
    });

    it('counts every facet exactly, ignoring only its own selection', async () => {
      const filters = { city: ['保山市', '昆明市'], agency: ['法院'] };
      const res = await backend.search(req('调解', { filters }));
      const matching = chunks.filter((c) => contains(c, '调解'));
      for (const f of facetFields()) {
        const counts = new Map<string, number>();
        for (const c of matching) {
          const okCity = f === 'city' || filters.city.includes(c.city ?? '');
          const okAgency = f === 'agency' || c.agencies.includes('法院');
          if (!okCity || !okAgency) continue;
          const field = f as Parameters<typeof fieldValues>[1];
          for (const v of fieldValues(c, field)) counts.set(v, (counts.get(v) ?? 0) + 1);
        }
        const got = new Map(res.facets[f]?.filter((v) => v.count > 0).map((v) => [v.value, v.count]));
        expect(got).toEqual(counts);
        const ordered = res.facets[f]?.map((v) => v.count) ?? [];
        expect([...ordered].sort((a, b) => b - a)).toEqual(ordered);
      }
    });

    it('keeps a selected value in its facet even when nothing matches it', async () => {
      const res = await backend.search(req('无讼社区', { filters: { city: ['永州市'] } }));
      expect(res.total).toBe(0);
      expect(res.facets.city).toEqual(expect.arrayContaining([{ value: '永州市', count: 0, selected: true }]));
    });

    it('marks matches in heading and a snippet centred on the first match, escaping all else', async () => {
      const res = await backend.search(req('无讼社区'));
      const hit = res.hits[0];
      expect(hit.headingHtml).toContain('<mark>无讼社区</mark>');
      expect(hit.snippetHtml).toContain('<mark>无讼社区</mark>');
      expect(hit.snippetHtml.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
      const late = await backend.search(req('滇池生态环境保护新局面'));
      expect(late.hits[0].snippetHtml.startsWith('…')).toBe(true);
      expect(late.hits[0].snippetHtml).toContain('<mark>滇池生态环境保护新局面</mark>');
    });

    it('pages with an exact total, at most 100 per page, and answers the last page past the end', async () => {
      const first = await backend.search(req('', { perPage: 10 }));
      expect(first.hits).toHaveLength(10);
      expect(first.totalPages).toBe(Math.ceil(chunks.length / 10));
      const big = await backend.search(req('', { perPage: 1000 }));
      expect(big.perPage).toBe(100);
      const past = await backend.search(req('', { perPage: 10, page: 999 }));
      expect(past.page).toBe(first.totalPages);
      expect(past.hits.length).toBeGreaterThan(0);
      expect(typeof past.tookMs).toBe('number');
    });

    it('sorts by report date either way, undated reports last, and by report order either way', async () => {
      const dated = (hits: { published?: string }[]) => hits.map((h) => h.published ?? '~');
      const newest = dated((await backend.search(req('调解', { sort: 'date' }))).hits);
      expect(newest).toEqual([...newest].sort((a, b) => (a === '~' ? 1 : b === '~' ? -1 : b.localeCompare(a))));
      const oldest = dated((await backend.search(req('调解', { sort: '-date' }))).hits);
      expect(oldest).toEqual([...oldest].sort());
      const order = (await allIds(backend, req('调解', { sort: 'report' }))).map((id) => chunks.findIndex((c) => c.id === id));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      const reversed = (await allIds(backend, req('调解', { sort: '-report' }))).map((id) => chunks.findIndex((c) => c.id === id));
      expect(reversed).toEqual([...order].reverse());
    });

    it("matches a word against a chunk's place, agencies, themes and speaker too: 网格员 云南 finds the 网格员 measures of 云南's cities", async () => {
      const got = await allIds(backend, req('网格员 云南'));
      const expected = chunks.filter((c) => contains(c, '网格员') && contains(c, '云南'));
      expect(got.sort()).toEqual(expected.map((c) => c.id).sort());
      expect(expected.some((c) => c.province === '云南省' && !c.text.includes('云南'))).toBe(true);
      // An English word finds the theme it names, and the practices whose English name holds it (诉调对接: litigation-mediation linkage).
      const english = await allIds(backend, req('mediation'));
      expect(english.sort()).toEqual(
        chunks
          .filter((c) => contains(c, 'mediation'))
          .map((c) => c.id)
          .sort(),
      );
      for (const c of chunks.filter((x) => x.themes.includes('mediation'))) expect(english).toContain(c.id);
      const speaker = chunks.find((c) => c.speaker && !c.text.includes(c.speaker)) as Chunk;
      expect(await allIds(backend, req(`"${speaker.speaker}"`))).toContain(speaker.id);
    });

    it('ranks every chunk with the word in its heading or text above those matching only by title, section or metadata', async () => {
      for (const q of ['法院', '云南', '调解 保山']) {
        const hits = (await backend.search(req(q, { perPage: 100 }))).hits;
        const inText = hits.map((h) => {
          const c = chunks.find((x) => x.id === h.id) as Chunk;
          return q.split(' ').every((w) => flat(headingField(c)).includes(w) || flat(c.text).includes(w));
        });
        expect(inText.indexOf(false) === -1 || inText.lastIndexOf(true) < inText.indexOf(false)).toBe(true);
      }
    });

    it('reads an upper-case OR between words as alternatives that bind tighter than AND; lower-case or is a word', async () => {
      const got = await allIds(backend, req('无讼 OR 网格员 法院'));
      const expected = chunks.filter((c) => (contains(c, '无讼') || contains(c, '网格员')) && contains(c, '法院'));
      expect(got.sort()).toEqual(expected.map((c) => c.id).sort());
      const phrases = await allIds(backend, req('"一站式" OR "12309" -法院'));
      expect(phrases.sort()).toEqual(
        chunks
          .filter((c) => (contains(c, '一站式') || contains(c, '12309')) && !contains(c, '法院'))
          .map((c) => c.id)
          .sort(),
      );
      expect((await backend.search(req('调解 or 网格'))).total).toBe(
        chunks.filter((c) => contains(c, '调解') && contains(c, 'or') && contains(c, '网格')).length,
      );
    });

    it('reads researchers’ separators and operators: 、 , ， ; + and AND 且 as AND, | and 或 as OR, NOT and 非 as exclusion', async () => {
      const both = chunks
        .filter((c) => contains(c, '调解') && contains(c, '网格'))
        .map((c) => c.id)
        .sort();
      expect(both.length).toBeGreaterThan(0);
      for (const q of ['调解、网格', '调解,网格', '调解，网格', '调解；网格', '调解+网格', '调解 AND 网格', '调解 且 网格'])
        expect([q, (await allIds(backend, req(q))).sort()]).toEqual([q, both]);
      const either = chunks
        .filter((c) => contains(c, '调解') || contains(c, '网格'))
        .map((c) => c.id)
        .sort();
      for (const q of ['调解|网格', '调解｜网格', '调解 或 网格']) expect([q, (await allIds(backend, req(q))).sort()]).toEqual([q, either]);
      const without = chunks
        .filter((c) => contains(c, '调解') && !contains(c, '法院'))
        .map((c) => c.id)
        .sort();
      for (const q of ['调解 NOT 法院', '调解 非 法院']) expect([q, (await allIds(backend, req(q))).sort()]).toEqual([q, without]);
      // A named practice and a number keep their punctuation.
      expect((await backend.search(req('4+N'))).total).toBe(chunks.filter((c) => contains(c, '4+N')).length);
    });

    it('also searches the synonyms of a word, says which, and can be asked not to', async () => {
      const res = await backend.search(req('妇女调解'));
      expect(res.expansions).toEqual([{ word: '妇女调解', added: ['女子调解', '巾帼调解'] }]);
      expect(res.total).toBe(chunks.filter((c) => ['妇女调解', '女子调解', '巾帼调解'].some((w) => contains(c, w))).length);
      expect(res.total).toBeGreaterThan(0);
      const plain = await backend.search(req('妇女调解', { synonyms: false }));
      expect(plain).toMatchObject({ total: 0, expansions: [] });
    });

    it('matches traditional and simplified characters, full-width and half-width forms, either way', async () => {
      for (const [a, b] of [
        ['楓橋經驗', '枫桥经验'],
        ['綜治e通', '综治e通'],
        ['ＡＰＰ', 'APP'],
        ['１２３０９', '12309'],
      ]) {
        const x = await allIds(backend, req(a));
        expect(x.length).toBeGreaterThan(0);
        expect(x.sort()).toEqual((await allIds(backend, req(b))).sort());
      }
      const traditional = make();
      try {
        const source = chunks.find((c) => c.text.includes('枫桥经验')) as Chunk;
        const text = Converter({ from: 'cn', to: 'tw' })(source.text);
        expect(text).not.toBe(source.text);
        await traditional.backend.replaceAll([docs.find((d) => d.id === source.docId) as (typeof docs)[number]], [{ ...source, text }]);
        const hit = (await traditional.backend.search(req('枫桥经验'))).hits[0];
        expect(hit.id).toBe(source.id);
        expect(hit.snippetHtml).toMatch(/<mark>[^<]*楓橋經驗[^<]*<\/mark>/);
      } finally {
        await traditional.dispose();
      }
    });

    const hostile = [
      '"',
      '"unbalanced',
      'a"b(',
      '(',
      ')',
      '*',
      'NEAR(a b)',
      'a OR b',
      'a AND',
      'NOT',
      '{hw}: x',
      'hw:调解',
      '^调解',
      '调解*',
      "'; DROP TABLE chunks; --",
      '\\',
      '%_',
      '<script>alert(1)</script>',
      '😀🚓',
      '\ud800',
      'x'.repeat(10000),
      '调解'.repeat(3000),
      '-',
      '--',
      '- -',
      '""',
      '“调解',
      '\u0000',
    ].map((q) => [q.length > 24 ? `${q.slice(0, 8)}… (${q.length} characters)` : JSON.stringify(q), q]);
    it.each(hostile)('answers the hostile query %s with a result, never an exception', async (_label, q) => {
      const res = await backend.search(req(q));
      expect(res.total).toBeGreaterThanOrEqual(0);
      for (const h of res.hits) expect(h.snippetHtml).not.toContain('<script>');
    });

    it('counts a rows × columns matrix whose cells equal the totals of the matching searches (random filter states)', async () => {
      const random = mulberry(11);
      const pick = <T>(l: readonly T[]): T => l[Math.floor(random() * l.length)];
      const queries = ['', '调解', '网格', '法院 -检察', '"矛盾纠纷"', '公安'];
      const pairs = [
        ['city', 'theme'],
        ['agency', 'city'],
        ['theme', 'agency'],
        ['province', 'year'],
      ] as const;
      const values = (f: 'city' | 'agency' | 'theme') => [...new Set(chunks.flatMap((c) => fieldValues(c, f)))];
      for (let round = 0; round < 12; round++) {
        const filters: Filters = {};
        if (random() < 0.4) filters.city = [pick(values('city')), pick(values('city'))];
        if (random() < 0.4) filters.agency = [pick(values('agency'))];
        if (random() < 0.3) filters.theme = [pick(values('theme'))];
        const [rowField, colField] = pick(pairs);
        const base = req(pick(queries), { filters });
        const m = await backend.crossCounts(base, rowField, colField);
        expect(m.total).toBe((await backend.search({ ...base, perPage: 1 })).total);
        for (const row of m.rows) {
          const rowTotal = (await backend.search({ ...base, perPage: 1, filters: { ...filters, [rowField]: [row.value] } })).total;
          expect(row.count).toBe(rowTotal);
          for (const col of m.columns) {
            const cell = (await backend.search({ ...base, perPage: 1, filters: { ...filters, [rowField]: [row.value], [colField]: [col.value] } })).total;
            expect(row.cells[col.value] ?? 0).toBe(cell);
          }
        }
      }
    });

    describe('scopes', () => scopeContract(() => ({ backend, chunks, allIds: (r) => allIds(backend, r) })));

    it('gets one chunk, lists reports, and reports stats and health', async () => {
      const c = chunks[5];
      expect(await backend.getChunk(c.id)).toEqual(c);
      expect(await backend.getChunk('no-such-chunk')).toBeNull();
      expect((await backend.listDocs()).map((d) => d.id)).toEqual(docs.map((d) => d.id));
      expect((await backend.getDocChunks(c.docId)).map((x) => x.id)).toEqual(chunks.filter((x) => x.docId === c.docId).map((x) => x.id));
      const stats = await backend.stats();
      expect(stats).toMatchObject({ chunks: chunks.length, docs: docs.length });
      expect((await backend.health()).ok).toBe(true);
    });
  });
}
