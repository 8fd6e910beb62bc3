// Citation downloads for reference managers, read back by parsers this project does not write with:
// biblatex-csl-converter (the RIS and BibLaTeX importers of a reference-managing editor) and
// astrocite-ris. What a researcher exports must come back whole.
import request from 'supertest';
import * as cheerio from 'cheerio';
import { parseRIS, BibLatexParser } from 'biblatex-csl-converter';
import { parse as astrociteRis } from 'astrocite-ris';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import type { Express } from 'express';
import type { Chunk, DocMeta } from '../../core/types';
import { seedCorpus, TAXONOMY_DIR } from '../helpers/corpus';
import { SELECTION_MAX } from '../../server/view-models/links';
import { testBackend, type TestBackend } from '../helpers/backend';

const ORIGIN = 'https://kb.example.org';
let t: TestBackend;
let app: Express;
const { docs, chunks } = seedCorpus();
const docOf = (c: Chunk) => docs.find((d) => d.id === c.docId) as DocMeta;
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  t = testBackend('cite');
  await t.backend.replaceAll(docs, chunks);
  app = createApp(t.backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent', publicUrl: ORIGIN });
});
afterAll(() => t?.dispose());

type Rich = { type: string; text: string }[];
const text = (r: Rich | Rich[] | undefined) =>
  (r ?? [])
    .flat()
    .map((n) => (n as { text: string }).text)
    .join('');

/** One measure from each report: a selection across reports, titles supplied and stated, authors and none. */
const sample = docs.map((d) => chunks.find((c) => c.docId === d.id && c.kind === 'measure') ?? chunks.find((c) => c.docId === d.id)) as Chunk[];

/**
 * `yearOnly`: this RIS reader takes the date from PY (the year) before DA (the whole date), which
 * astrocite reads. `whole`: a record of the whole report, whose address is the report's copy here.
 */
function expectEntry(fields: Record<string, unknown>, c: Chunk, yearOnly = false, whole = false) {
  const doc = docOf(c);
  expect(text(fields.title as Rich)).toBe(doc.title);
  // An unknown author is left out: 佚名 would become a person of that name in a reference manager.
  if (doc.author) expect(fields.author).toEqual([{ literal: [{ type: 'text', text: doc.author }] }]);
  else expect(fields.author).toBeUndefined();
  expect(fields.date).toBe(yearOnly ? doc.published?.slice(0, 4) : doc.published);
  expect(fields.url).toBe(whole ? `${ORIGIN}/docs/${c.docId}` : `${ORIGIN}/chunks/${c.id}`);
  // A measure's record notes where it stands; a report's first note (the one this reader keeps) what it cites.
  if (!whole) expect(text(fields.note as Rich)).toContain(c.heading.slice(0, 20));
  // No seed report has a known original address: every record says it cites this knowledge base's copy.
  expect(text(fields.note as Rich)).toContain('知识库副本');
  if (doc.publisher) expect(text((fields.publisher ?? fields.organization) as Rich[])).toBe(doc.publisher);
}

describe('one measure', () => {
  it.each(sample.map((c) => [c.docId, c] as const))('%s: RIS comes back whole in two independent parsers', async (_doc, c) => {
    const res = await request(app).get(`/chunks/${c.id}.ris`).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-research-info-systems; charset=utf-8/);
    expect(res.headers['content-disposition']).toContain(`${c.id}.ris`);
    const parsed = parseRIS(res.text);
    expect(parsed.errors).toEqual([]);
    const entries = Object.values(parsed.entries);
    expect(entries).toHaveLength(1);
    expect(entries[0].bib_type).toBe('online');
    expectEntry(entries[0].fields, c, true);
    // The second parser reads the access date (Y2) and the type.
    const [csl] = astrociteRis(res.text);
    expect(csl.type).toBe('webpage');
    const parts = (d: unknown) => (d as { 'date-parts': string[][] })['date-parts'][0].filter(Boolean).map(Number);
    expect(parts(csl.accessed)).toEqual(today().split('-').map(Number));
    expect(csl.URL).toBe(`${ORIGIN}/chunks/${c.id}`);
    expect(csl.title).toBe(docOf(c).title);
    expect(parts(csl.issued)).toEqual((docOf(c).published as string).split('-').map(Number));
  });

  it.each(sample.map((c) => [c.docId, c] as const))('%s: BibTeX is a biblatex @online entry that parses without error', async (_doc, c) => {
    const res = await request(app).get(`/chunks/${c.id}.bib`).expect(200);
    const parsed = new BibLatexParser(res.text).parse();
    expect(parsed.errors).toEqual([]);
    const entries = Object.values(parsed.entries);
    expect(entries).toHaveLength(1);
    expect(entries[0].bib_type).toBe('online');
    expect(entries[0].fields.urldate).toBe(today());
    expectEntry(entries[0].fields, c);
  });

  it('gives the GB/T 7714 line and the section in text, the same line the page shows', async () => {
    const c = sample.find((x) => x.docId === 'jincheng-13th-five-year-review') as Chunk;
    const res = await request(app).get(`/chunks/${c.id}.txt`).expect(200);
    const $ = cheerio.load((await request(app).get(`/chunks/${c.id}`).expect(200)).text);
    expect(res.text.split('\n')[0]).toBe(`[1] ${$('#citation').text()}`);
    expect($('#citation').text()).toMatch(
      /^郜晋龙\. \[晋城市“十三五”政法工作回顾\]\[EB\/OL\]\. \(\[2021\]\)\[\d{4}-\d{2}-\d{2}\]\. https:\/\/kb\.example\.org\/chunks\//,
    );
    expect($('.locator').text()).toContain(c.heading);
    expect(
      $('.cite-export a')
        .map((_i, a) => $(a).attr('href'))
        .get(),
    ).toEqual(['ris', 'bib', 'txt'].map((f) => `/chunks/${c.id}.${f}`));
  });

  it('answers 404 in JSON for a measure that is not there', async () => {
    const res = await request(app).get('/chunks/no-such-report-0123456789.ris').expect(404);
    expect(res.body.error.code).toBe('no-measure');
  });
});

describe('a result set', () => {
  it('exports every hit of the search in its URL, named after the query and filters', async () => {
    const q = '/search.ris?q=调解&city=保山市';
    const total = (await request(app).get('/api/search?q=调解&city=保山市').expect(200)).body.total as number;
    expect(total).toBeGreaterThan(3);
    const res = await request(app).get(encodeURI(q)).expect(200);
    expect(decodeURIComponent(res.headers['content-disposition'])).toContain('平安建设举措_调解_保山市.ris');
    // One record per report, the same in the other formats; per=measure gives one a measure.
    const entries = Object.values(parseRIS(res.text).entries);
    expect(entries).toHaveLength(1);
    expect(entries[0].fields.author).toBeUndefined();
    const bib = await request(app)
      .get(encodeURI(q.replace('.ris', '.bib')))
      .expect(200);
    expect(Object.values(new BibLatexParser(bib.text).parse().entries)).toHaveLength(1);
    const each = await request(app)
      .get(encodeURI(`${q}&per=measure`))
      .expect(200);
    expect(Object.values(parseRIS(each.text).entries)).toHaveLength(total);
  });

  it('is offered on the search page as plain links, which work without JavaScript', async () => {
    const $ = cheerio.load((await request(app).get(encodeURI('/?q=调解&city=保山市')).expect(200)).text);
    expect(
      $('.cite-results a')
        .map((_i, a) => $(a).attr('href'))
        .get(),
    ).toEqual(['ris', 'bib', 'txt'].map((f) => `/search.${f}?q=%E8%B0%83%E8%A7%A3&city=%E4%BF%9D%E5%B1%B1%E5%B8%82`));
  });
});

describe('a selection', () => {
  it('exports measures chosen across reports, posted as the selection bar posts them', async () => {
    const res = await request(app)
      .post('/selection.ris')
      .type('form')
      .send(sample.map((c) => `id=${c.id}`).join('&'))
      .expect(200);
    const parsed = parseRIS(res.text);
    const entries = Object.values(parsed.entries);
    expect(entries).toHaveLength(sample.length);
    entries.forEach((e, i) => expectEntry(e.fields, sample[i], true, true));
    const txt = await request(app)
      .post('/selection.txt')
      .type('form')
      .send(sample.map((c) => `id=${c.id}`).join('&'))
      .expect(200);
    expect(txt.text.match(/^\[\d+\] /gm)).toHaveLength(sample.length);
  });

  it('names the measures a re-index retired, and refuses an empty, oversized or malformed selection', async () => {
    const res = await request(app).get(`/selection.bib?id=${sample[0].id}&id=gone-report-0123456789`).expect(200);
    expect(res.headers['x-missing-ids']).toBe('gone-report-0123456789');
    expect(Object.values(new BibLatexParser(res.text).parse().entries)).toHaveLength(1);
    expect((await request(app).get('/selection.ris?id=gone-report-0123456789').expect(404)).body.error.code).toBe('selection-gone');
    expect((await request(app).get('/selection.ris').expect(400)).body.error.code).toBe('selection-empty');
    expect((await request(app).get('/selection.ris?id=../etc/passwd').expect(400)).body.error.code).toBe('selection-id');
    const many = Array.from({ length: SELECTION_MAX + 1 }, (_v, i) => `id=m-${i}`).join('&');
    expect((await request(app).post('/selection.ris').type('form').send(many).expect(400)).body.error.code).toBe('selection-size');
    expect((await request(app).delete('/selection.ris').expect(405)).headers.allow).toContain('POST');
  });
});

describe('the CSV export', () => {
  it('is named after the search, carries each measure’s citation and date, with headers in the page’s language', async () => {
    const zh = await request(app).get(encodeURI('/search.csv?q=网格&theme=grid')).expect(200);
    expect(decodeURIComponent(zh.headers['content-disposition'])).toMatch(/平安建设举措_网格_[^_]+\.csv/);
    const [header, first] = zh.text.replace(/^\ufeff/, '').split('\r\n');
    expect(header.split(',')).toEqual(expect.arrayContaining(['编号', '链接', '标题', '报告日期', '引用（GB/T 7714）']));
    const id = first.split(',')[0];
    const $ = cheerio.load((await request(app).get(`/chunks/${id}`).expect(200)).text);
    expect(first).toContain($('#citation').text());
    const en = await request(app).get(encodeURI('/search.csv?q=网格&lang=en')).expect(200);
    expect(en.text.replace(/^\ufeff/, '').split('\r\n')[0]).toMatch(/^id,url,heading,report,section,kind,.*,published,citation,text$/);
  });
});
