// The structure every page owes keyboard and screen-reader users, and the reading aids around a
// measure and a report. (The browser tests check the same pages with axe-core and real focus.)
import request from 'supertest';
import * as cheerio from 'cheerio';
import { startTestApp, type TestApp } from '../helpers/app';
import { seedCorpus } from '../helpers/corpus';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const enc = encodeURIComponent;
const load = async (url: string, status = 200) => cheerio.load((await request(t.app).get(url).expect(status)).text);
const { chunks } = seedCorpus();
const measure = chunks.find((c) => c.text.includes('无讼社区') && c.kind === 'measure')!;

/** One address of every page type. */
const PAGES = [
  '/',
  `/?q=${enc('调解')}&city=${enc('保山市')}`,
  `/?q=${enc('没有这样的词汇')}`,
  `/chunks/${enc(measure.id)}`,
  `/docs`,
  `/docs/${enc(measure.docId)}`,
  '/compare',
  '/compare?view=agency-city',
  `/compare/measures?city=${enc('昆明市')}&city=${enc('保山市')}&theme=mediation`,
  '/compare/measures',
  '/figures',
  '/no/such/page',
];

describe('every page type, in both languages', () => {
  it.each(PAGES.flatMap((p) => [p, `${p}${p.includes('?') ? '&' : '?'}lang=en`]))('%s has a skip link, one h1 and headings in order', async (url) => {
    const res = await request(t.app).get(url);
    const $ = cheerio.load(res.text);
    const skip = $('body > a.skip').first();
    expect(skip.length).toBe(1);
    expect($(skip.attr('href')!).length).toBe(1);
    expect($('h1').length).toBe(1);
    const levels = $('h1, h2, h3, h4, h5, h6')
      .toArray()
      .map((h) => Number(h.tagName[1]));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1]).toBeLessThanOrEqual(1);
  });

  it.each(PAGES.map((p) => `${p}${p.includes('?') ? '&' : '?'}lang=en`))('%s marks every Chinese passage with lang="zh-CN"', async (url) => {
    const $ = cheerio.load((await request(t.app).get(url)).text);
    expect($('html').attr('lang')).toBe('en');
    const unmarked: string[] = [];
    $('body *')
      .contents()
      .each((_, node) => {
        if (node.type !== 'text' || !/\p{Script=Han}/u.test(node.data)) return;
        const marked = $(node.parent!).closest('[lang]').attr('lang') ?? '';
        if (!marked.startsWith('zh')) unmarked.push(node.data.trim().slice(0, 30));
      });
    expect(unmarked).toEqual([]);
  });
});

describe('the search page on a phone and by keyboard', () => {
  it('puts the filters in a drawer that starts closed, with the active filters as chips above the results', async () => {
    const $ = await load(`/?q=${enc('调解')}&city=${enc('保山市')}&agency=${enc('法院')}`);
    const drawer = $('details#filters');
    expect(drawer.attr('open')).toBeUndefined();
    expect(drawer.find('> summary').text()).toBe('筛选（已选 2 项）');
    expect(drawer.find('button[type=submit]').length).toBe(1);
    const results = $('#results');
    expect(results.children().first().is('.chips')).toBe(true);
    expect(results.find('.chip').length).toBe(2);
  });

  it('gives each facet value exactly one control', async () => {
    const $ = await load(`/?q=${enc('调解')}`);
    $('.facet-value').each((_, li) => {
      expect($(li).find('a, input, button').length).toBe(1);
    });
    expect($('.facet-value').length).toBeGreaterThan(10);
  });

  it('names a report filter by the report title, not its id', async () => {
    const $ = await load(`/?doc=${enc(measure.docId)}`);
    const chip = $('.chip').first().text();
    expect(chip).toContain(measure.docTitle);
    expect(chip).not.toContain(measure.docId);
  });
});

describe('reading a measure found by a search', () => {
  it('marks the searched words, leads back to the same results, and keeps the permalink clean', async () => {
    const search = `/?q=${enc('无讼社区')}&city=${enc('昆明市')}`;
    const $s = await load(search);
    const hit = $s(`#hit-${measure.id}`);
    const opened = hit.find('h2 a').attr('href')!;
    expect(opened).toBe(`/chunks/${enc(measure.id)}?from=${enc(`q=${enc('无讼社区')}&city=${enc('昆明市')}`)}`);
    expect(hit.find('.permalink a').attr('href')).toBe(`/chunks/${enc(measure.id)}`);

    const $ = await load(opened);
    expect($('.chunk .text mark').first().text()).toBe('无讼社区');
    expect($('a.back-to-results').attr('href')).toBe(search);
    expect($('link[rel=canonical]').length + $('.permalink a').length).toBeGreaterThan(0);
    expect($('.permalink a').attr('href')).toMatch(new RegExp(`/chunks/${measure.id}$`));
    // The neighbours keep the way back.
    expect($('.measure-nav a').first().attr('href')).toContain('from=');
    // Opened as a permalink, nothing is marked and there is no way back to a search.
    const $plain = await load(`/chunks/${enc(measure.id)}`);
    expect($plain('.chunk .text mark').length).toBe(0);
    expect($plain('a.back-to-results').length).toBe(0);
  });

  it('ignores a from= that is not a search, and never marks inside markup', async () => {
    for (const from of ['sort%3Dx', 'page%3D0', '%E0%A4%A', 'q%3D%3Cscript%3E', 'q%3Dp', 'q%3Damp']) {
      const $ = await load(`/chunks/${enc(measure.id)}?from=${from}`);
      expect($('script').length).toBe(1);
      expect($('.chunk .text').html()).not.toMatch(/<mark>[^<]*<\/mark>[^<]*>|&<mark>/);
    }
  });
});

describe('reading a report', () => {
  it('anchors each measure with the headings of the section it opens, offers a search within the report and an outline', async () => {
    const $ = await load(`/docs/${enc(measure.docId)}`);
    const opening = $('section.block').filter((_, b) => $(b).find('h2, h3').length > 0);
    expect(opening.length).toBeGreaterThan(0);
    const form = $('form.in-report');
    expect(form.attr('action')).toBe('/');
    expect(form.find('input[name=doc]').attr('value')).toBe(measure.docId);
    expect(form.find('input[name=q]').length).toBe(1);
    expect($('details.outline nav li').length).toBeGreaterThan(3);
    // Every outline link lands on a block of this page.
    $('details.outline a').each((_, a) => {
      const href = $(a).attr('href')!;
      expect($(decodeURIComponent(href)).length).toBe(1);
    });
  });
});

describe('tables on narrow screens', () => {
  it('gives every cell of the figures and report tables its column name, so that rows reflow into cards', async () => {
    for (const url of ['/figures', '/docs']) {
      const $ = await load(url);
      const table = $('table.cards');
      expect(table.length).toBe(1);
      const headers = table.find('thead th').length;
      // A unit's heading row spans the table; every row of figures has all the columns.
      table.find('tbody tr:not(.unit-group)').each((_, tr) => {
        const cells = $(tr).find('td');
        expect(cells.length).toBe(headers);
        cells.each((_, td) => expect($(td).attr('data-label')).toBeTruthy());
      });
    }
  });
});
