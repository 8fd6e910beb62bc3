// The selection page (/selection?id=…&id=…): the measures a reader collected, in the order given,
// with what names no measure noted; its JSON twin, its exports of exactly that list, and the share
// link that reopens it. The add-to-selection buttons on the pages that show measures.
import request from 'supertest';
import * as cheerio from 'cheerio';
import { parseRIS, BibLatexParser } from 'biblatex-csl-converter';
import type { Express } from 'express';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import type { Chunk } from '../../core/types';
import { isChunkId } from '../../core/ids';
import { seedCorpus, TAXONOMY_DIR } from '../helpers/corpus';
import { testBackend, type TestBackend } from '../helpers/backend';

const ORIGIN = 'https://kb.example.org';
let t: TestBackend;
let app: Express;
const { docs, chunks } = seedCorpus();

beforeAll(async () => {
  t = testBackend('selection');
  await t.backend.replaceAll(docs, chunks);
  // A report removed from the knowledge base: its measures' links say when.
  const removedOn = (docId: string) => (docId === 'gone-report' ? '2026-11-30' : null);
  app = createApp(t.backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent', publicUrl: ORIGIN, removedOn });
});
afterAll(() => t?.dispose());

/** Measures from three reports, in an order that is neither the reports' nor the measures' own: the last report's last measure first. */
const measuresOf = (docId: string) => chunks.filter((c) => c.docId === docId && c.kind === 'measure');
const picked: Chunk[] = [measuresOf(docs[2].id).at(-1)!, measuresOf(docs[0].id)[1], measuresOf(docs[1].id)[0], measuresOf(docs[0].id)[0]];
const qs = (ids: string[]) => ids.map((id) => `id=${encodeURIComponent(id)}`).join('&');
const page = async (url: string, status = 200) => cheerio.load((await request(app).get(url).expect(status)).text);
const listed = ($: cheerio.CheerioAPI) =>
  $('ol.selection-list li')
    .map((_i, li) => $(li).attr('data-id'))
    .get();
/** The first cell of each CSV row: the measure's id (ids are never quoted). */
const csvIds = (csv: string) => [...csv.matchAll(/\r\n([a-z0-9-]+-[0-9a-f]{10}(?:-\d+)?),/g)].map((m) => m[1]);

describe('the selection page', () => {
  it('lists the measures in the order the address gives, each with its title, report, place and permalink', async () => {
    const ids = picked.map((c) => c.id);
    const $ = await page(`/selection?${qs(ids)}`);
    expect(listed($)).toEqual(ids);
    expect($('h1').text()).toBe('选集');
    expect($('#selection-summary').text()).toBe(`共 ${ids.length} 条举措。`);
    picked.forEach((c, i) => {
      const li = $('ol.selection-list li').eq(i);
      expect(li.find('h2 a').text()).toBe(c.title ?? c.heading);
      expect(li.find('h2 a').attr('href')).toBe(`/chunks/${c.id}`);
      expect(li.find('.sel-meta a').text()).toBe(c.docTitle);
      expect(li.find('.sel-meta a').attr('href')).toBe(`/docs/${c.docId}`);
      expect(li.find('.sel-meta').text()).toContain(c.city as string);
    });
    // Titles tell apart measures whose headings are alike.
    expect(
      new Set(
        $('ol.selection-list h2')
          .map((_i, h) => $(h).text())
          .get(),
      ).size,
    ).toBe(ids.length);
  });

  it('has a JSON twin from the same data, named in the page', async () => {
    const ids = picked.map((c) => c.id);
    const $ = await page(`/selection?${qs(ids)}`);
    const twin = $('link[rel=alternate][type="application/json"]').attr('href') as string;
    expect(twin).toBe(`/api/selection?${qs(ids)}`);
    const body = (await request(app).get(twin).expect(200)).body;
    expect(body.measures.map((m: { id: string }) => m.id)).toEqual(ids);
    expect(body.measures[0]).toMatchObject({ position: 0, title: picked[0].title, docId: picked[0].docId, docTitle: picked[0].docTitle, city: picked[0].city });
    expect(body.missing).toEqual([]);
    expect(body.shareUrl).toBe(`${ORIGIN}/selection?${qs(ids)}`);
    expect(body.exports.ris).toBe(`/selection.ris?${qs(ids)}`);
  });

  it('notes ids that name no measure, in their place, and exports only the measures found', async () => {
    const changed = `${docs[0].id}-0123456789`;
    const removed = 'gone-report-0123456789';
    const unknown = 'no-such-report-0123456789';
    const ids = [picked[0].id, changed, 'not an id!', picked[1].id, removed, unknown];
    const $ = await page(`/selection?${qs(ids)}`);
    expect(listed($)).toEqual(ids);
    expect($('#selection-summary').text()).toBe('共 2 条举措。');
    expect($('.sel-missing-note').text()).toContain('另有 4 个编号找不到对应的举措');
    const notes = $('ol.selection-list li.missing')
      .map((_i, li) => $(li).find('.sel-note').text())
      .get();
    expect(notes).toEqual([
      expect.stringContaining('重新索引'),
      expect.stringContaining('不是举措编号'),
      '所在报告已于 2026-11-30 从知识库中移除。',
      expect.stringContaining('也没有它所属的报告'),
    ]);
    // A measure of a report still here leads to that report.
    expect($('li.missing').eq(0).find('.sel-meta a').attr('href')).toBe(`/docs/${docs[0].id}`);
    expect($('a.cite-ris').attr('href')).toBe(`/selection.ris?${qs([picked[0].id, picked[1].id])}`);
    const body = (
      await request(app)
        .get(`/api/selection?${qs(ids)}`)
        .expect(200)
    ).body;
    expect(body.missing.map((m: { reason: string; position: number }) => [m.position, m.reason])).toEqual([
      [1, 'changed'],
      [2, 'malformed'],
      [4, 'removed'],
      [5, 'unknown'],
    ]);
    // The same measure twice is listed once; an empty id is no id.
    expect(listed(await page(`/selection?id=&id=${picked[1].id}`))).toEqual([picked[1].id]);
    expect(listed(await page(`/selection?${qs([picked[0].id, picked[1].id, picked[0].id])}`))).toEqual([picked[0].id, picked[1].id]);
  });

  it('refuses more ids than a selection holds with a message, and says what to do when it is empty', async () => {
    const many = qs(Array.from({ length: 201 }, (_v, i) => `${docs[0].id}-${String(i).padStart(10, '0')}`));
    const $ = await page(`/selection?${many}`, 400);
    // A longer selection is POSTed (selection-long.test.ts): the message says so.
    expect($('main').text()).toContain('一个地址最多列出 200 条举措（收到 201 条）。更长的选集请从页面底部的选集栏打开');
    expect((await request(app).get(`/api/selection?${many}`).expect(400)).body.error.code).toBe('selection-address');
    // A list longer than an address holds is POSTed (see selection-long.test.ts); no other method is answered.
    expect((await request(app).put('/selection').expect(405)).headers.allow).toBe('GET, HEAD, POST');
    const empty = await page('/selection');
    expect(empty('#selection-summary').text()).toContain('选集为空');
    expect(empty('ol.selection-list').length).toBe(0);
    expect(empty('.sel-exports').length).toBe(0);
    // A hostile value is shown as text, never as markup.
    const odd = await request(app)
      .get(`/selection?id=${encodeURIComponent('<script>x</script>')}`)
      .expect(200);
    expect(odd.text).not.toContain('<script>x');
  });

  it('offers CSV, RIS, BibTeX and GB/T text of exactly this list, in its order', async () => {
    const ids = picked.map((c) => c.id);
    const $ = await page(`/selection?${qs(ids)}`);
    const links = $('.sel-exports .cite-export a.sel-export[download]')
      .map((_i, a) => $(a).attr('href'))
      .get();
    expect(links).toEqual(['csv', 'ris', 'bib', 'txt'].map((f) => `/selection.${f}?${qs(ids)}`));
    const csv = await request(app).get(links[0]).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.startsWith('\ufeffid,')).toBe(false); // Chinese headers on a Chinese page
    expect(csvIds(csv.text)).toEqual(ids);
    // One RIS record per report, in the order the reports first appear, each noting its measures.
    const ris = (await request(app).get(links[1]).expect(200)).text;
    const entries = Object.values(parseRIS(ris).entries);
    expect(entries.map((e) => String(e.fields.url).replace(`${ORIGIN}/docs/`, ''))).toEqual([...new Set(picked.map((c) => c.docId))]);
    expect([...ris.matchAll(/^N1 {2}- 章节: .*\/chunks\/(\S+)\r$/gm)].map((m) => m[1])).toEqual([ids[0], ids[1], ids[3], ids[2]]);
    const bib = (await request(app).get(links[2]).expect(200)).text;
    expect(Object.keys(new BibLatexParser(bib).parse().entries)).toHaveLength(3);
    const txt = (await request(app).get(links[3]).expect(200)).text;
    expect(txt.match(/^\[\d\] /gm)).toHaveLength(3);
    // And one record per measure, in the list's order.
    const each = $('.sel-exports .hint a.cite-ris').attr('href') as string;
    expect(each).toBe(`/selection.ris?${qs(ids)}&per=measure`);
    expect([...(await request(app).get(each).expect(200)).text.matchAll(/^ID {2}- (\S+)\r$/gm)].map((m) => m[1])).toEqual(ids);
  });

  it('gives a share link that reopens the same list, and keeps it in English', async () => {
    const ids = [picked[2].id, picked[0].id];
    const $ = await page(`/selection?${qs(ids)}`);
    const share = $('#sel-share-url').attr('href') as string;
    expect(share).toBe(`${ORIGIN}/selection?${qs(ids)}`);
    expect($('.sel-share-copy').attr('data-copy-url')).toBe(share);
    expect(listed(await page(share.replace(ORIGIN, '')))).toEqual(ids);
    const en = await page(`/selection?${qs(ids)}&lang=en`);
    expect(en('h1').text()).toBe('Selection');
    expect(en('#sel-share-url').attr('href')).toBe(`${ORIGIN}/selection?${qs(ids)}&lang=en`);
    expect(listed(await page((en('#sel-share-url').attr('href') as string).replace(ORIGIN, '')))).toEqual(ids);
    const csv = en('a.cite-csv').attr('href') as string;
    expect(csv).toBe(`/selection.csv?${qs(ids)}&lang=en`);
    expect((await request(app).get(csv).expect(200)).text.startsWith('\ufeffid,url,heading,')).toBe(true);
  });

  it('answers the CSV of a list that names no measure with a message', async () => {
    expect((await request(app).get('/selection.csv?id=no-such-report-0123456789').expect(404)).body.error.code).toBe('selection-gone');
    expect((await request(app).get('/selection.csv?id=..%2Fetc').expect(400)).body.error.code).toBe('selection-id');
  });
});

describe('add-to-selection buttons', () => {
  const buttons = async (url: string) => {
    const $ = await page(url);
    return $('button.select')
      .map((_i, b) => $(b).attr('data-select-id'))
      .get();
  };
  const real = (ids: string[]) => ids.length > 0 && ids.every((id) => isChunkId(id) && chunks.some((c) => c.id === id));

  it('are on a measure page, beside each measure of a report, on each side-by-side card and figure row', async () => {
    expect(await buttons(`/chunks/${picked[0].id}`)).toEqual([picked[0].id]);
    const report = await buttons(`/docs/${docs[0].id}`);
    expect(report).toEqual(chunks.filter((c) => c.docId === docs[0].id).map((c) => c.id));
    const side = await buttons(`/compare/measures?city=${encodeURIComponent('昆明市')}&city=${encodeURIComponent('保山市')}&theme=mediation`);
    expect(real(side)).toBe(true);
    const figures = await buttons(`/figures?label=${encodeURIComponent('网格')}`);
    expect(real(figures)).toBe(true);
  });

  it('leave the bar to link to the selection page in the page language', async () => {
    const $ = await page('/docs?lang=en');
    expect($('#selection').attr('data-page')).toBe('/selection?lang=en');
    expect($('#selection a.selection-open').text()).toBe('View/export');
  });
});
