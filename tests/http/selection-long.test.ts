// A selection longer than an address holds (more than 200 measures: kept in a browser from before
// the limit, or merged past it) is never refused nor cut short: its ids are POSTed to the selection
// page, which lists every one in order, exports every measure found through a form, and says why it
// offers no share link. Its JSON twin and its exports take the same POST.
import request from 'supertest';
import * as cheerio from 'cheerio';
import { parseRIS } from 'biblatex-csl-converter';
import type { Express } from 'express';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { SELECTION_MAX, SELECTION_PAGE_MAX } from '../../server/view-models/links';
import { seedCorpus, TAXONOMY_DIR } from '../helpers/corpus';
import { testBackend, type TestBackend } from '../helpers/backend';

const ORIGIN = 'https://kb.example.org';
let t: TestBackend;
let app: Express;
const { docs, chunks } = seedCorpus();

beforeAll(async () => {
  t = testBackend('selection-long');
  await t.backend.replaceAll(docs, chunks);
  app = createApp(t.backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent', publicUrl: ORIGIN });
});
afterAll(() => t?.dispose());

// Every measure of the seed corpus, last first, then ids of a report re-divided since: more than an address holds.
const found = chunks.map((c) => c.id).reverse();
const retired = Array.from({ length: SELECTION_PAGE_MAX + 10 - found.length }, (_v, i) => `${docs[1].id}-${i.toString(16).padStart(10, '0')}`);
const ids = [...found.slice(0, 60), ...retired, ...found.slice(60)];
const form = (list: string[]) => list.map((id) => `id=${encodeURIComponent(id)}`).join('&');
const post = (url: string, list: string[]) => request(app).post(url).type('form').send(form(list));
const listed = ($: cheerio.CheerioAPI) =>
  $('ol.selection-list li')
    .map((_i, li) => $(li).attr('data-id'))
    .get();

describe('a selection longer than an address holds', () => {
  it('is refused in an address, as before, but listed whole when posted, in its order', async () => {
    expect(ids.length).toBeGreaterThan(SELECTION_PAGE_MAX);
    expect(
      (
        await request(app)
          .get(`/selection?${form(ids)}`)
          .expect(400)
      ).text,
    ).toContain(`一个地址最多列出 ${SELECTION_PAGE_MAX} 条举措`);
    const $ = cheerio.load((await post('/selection', ids).expect(200)).text);
    expect(listed($)).toEqual(ids);
    expect($('#selection-summary').text()).toBe(`共 ${found.length} 条举措。`);
    expect($('li.missing').length).toBe(retired.length);
    // No address names it: the page links to its other language and its JSON twin without ids, and offers no share link but says why.
    expect($('a.lang').attr('href')).toBe('/selection?lang=en');
    expect($('link[rel=alternate][type="application/json"]').length).toBe(0);
    expect($('.sel-share-link').attr('hidden')).toBeDefined();
    expect($('.sel-long-note').text()).toContain(`这份选集超过 ${SELECTION_PAGE_MAX} 条，一个链接放不下`);
  });

  it('exports every measure found through a form that posts them, in every format and as JSON', async () => {
    const $ = cheerio.load((await post('/selection', ids).expect(200)).text);
    const f = $('form.sel-export-form');
    expect(f.attr('method')).toBe('post');
    const posted = f
      .find('input[type=hidden][name=id]')
      .map((_i, el) => $(el).attr('value'))
      .get();
    expect(posted).toEqual(found);
    const targets = f
      .find('button[type=submit]')
      .map((_i, b) => $(b).attr('formaction'))
      .get();
    expect(targets).toEqual([
      '/selection.csv',
      '/selection.ris',
      '/selection.bib',
      '/selection.txt',
      '/api/selection',
      '/selection.ris?per=measure',
      '/selection.bib?per=measure',
      '/selection.txt?per=measure',
    ]);
    // What each button sends: the CSV has a row per measure in the list's order, the RIS a record per report or per measure.
    const csv = (await post('/selection.csv', posted).expect(200)).text;
    expect([...csv.matchAll(/\r\n([a-z0-9-]+-[0-9a-f]{10}(?:-\d+)?),/g)].map((m) => m[1])).toEqual(found);
    expect(Object.values(parseRIS((await post('/selection.ris', posted).expect(200)).text).entries)).toHaveLength(docs.length);
    expect([...(await post('/selection.ris?per=measure', posted).expect(200)).text.matchAll(/^ID {2}- (\S+)\r$/gm)].map((m) => m[1])).toEqual(found);
    const json = (await post('/api/selection', ids).expect(200)).body;
    expect(json.ids).toEqual(ids);
    expect(json.fitsAddress).toBe(false);
    expect(json.shareUrl).toBeNull();
    expect(json.measures.map((m: { id: string }) => m.id)).toEqual(found);
    expect(json.exports.ris).toBe('/selection.ris');
  });

  it('keeps the page’s language, and the CSV’s headers follow it', async () => {
    const $ = cheerio.load((await post('/selection?lang=en', ids).expect(200)).text);
    expect($('h1').text()).toBe('Selection');
    expect($('.sel-long-note').text()).toContain(`more than the ${SELECTION_PAGE_MAX} measures a link can hold`);
    expect($('form.sel-export-form button.cite-csv').attr('formaction')).toBe('/selection.csv?lang=en');
    expect((await post('/selection.csv?lang=en', found).expect(200)).text.startsWith('\ufeffid,url,heading,')).toBe(true);
  });

  it('is an ordinary page with its share link when it fits an address, posted or not', async () => {
    const few = found.slice(0, 3);
    const $ = cheerio.load((await post('/selection', few).expect(200)).text);
    expect(listed($)).toEqual(few);
    expect($('#sel-share-url').attr('href')).toBe(`${ORIGIN}/selection?${form(few)}`);
    expect($('form.sel-export-form').length).toBe(0);
    expect($('a.cite-ris').attr('href')).toBe(`/selection.ris?${form(few)}`);
  });

  it('refuses more than a request may carry with a message, and an empty or odd body with none', async () => {
    const many = Array.from({ length: SELECTION_MAX + 1 }, (_v, i) => `${docs[0].id}-${i.toString(16).padStart(10, '0')}`);
    const res = await post('/selection', many).expect(400);
    expect(cheerio.load(res.text)('main').text()).toContain(`选集最多可含 ${SELECTION_MAX} 条举措（收到 ${SELECTION_MAX + 1} 条）`);
    expect((await post('/api/selection', many).expect(400)).body.error.code).toBe('selection-size');
    expect(
      cheerio
        .load((await request(app).post('/selection').expect(200)).text)('#selection-summary')
        .text(),
    ).toContain('选集为空');
    expect((await request(app).post('/selection').set('Content-Type', 'application/json').send('{"id":["x"]}').expect(200)).text).toContain('选集为空');
    expect((await post('/selection.csv', []).expect(400)).body.error.code).toBe('selection-empty');
  });
});
