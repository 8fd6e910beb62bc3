// A report opened from a measure found by a search keeps the search: the links there carry from=,
// the report page leads back to the results, marks the searched words and numbers its sections.
import request from 'supertest';
import * as cheerio from 'cheerio';
import { startTestApp, type TestApp } from '../helpers/app';
import { seedCorpus } from '../helpers/corpus';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const enc = encodeURIComponent;
const page = async (url: string) => cheerio.load((await request(t.app).get(url).expect(200)).text);
const measure = seedCorpus().chunks.find((c) => c.kind === 'measure' && c.text.includes('无讼社区'))!;
const from = `q=${enc('无讼社区')}&city=${enc('昆明市')}`;

describe.each([
  ['zh', '', '← 返回搜索结果'],
  ['en', '&lang=en', '← Back to the results'],
])('a report opened from a search (%s)', (_lang, lang, backLabel) => {
  it('is linked from the measure page with the search kept', async () => {
    const $ = await page(`/chunks/${enc(measure.id)}?from=${enc(from)}${lang}`);
    const inReport = $(`a[href^="/docs/"][href$="#${enc(measure.id)}"]`).attr('href') as string;
    const url = new URL(inReport, 'http://x');
    expect(url.searchParams.get('from')).toBe(from);
    expect(url.searchParams.get('lang')).toBe(lang ? 'en' : null);
    for (const a of $('.chunk .crumbs a').toArray()) expect(new URL($(a).attr('href') as string, 'http://x').searchParams.get('from')).toBe(from);
    // The permalink stays clean.
    expect($('.permalink a').attr('href')).not.toContain('from=');
  });

  it('leads back to the results, marks the words and numbers the sections each measure stands in', async () => {
    const $ = await page(`/docs/${enc(measure.docId)}?from=${enc(from)}${lang}`);
    expect($('a.back-to-results').text()).toBe(backLabel);
    expect($('a.back-to-results').attr('href')).toBe(`/?${from}${lang}`);
    expect($('.doc .text mark').first().text()).toBe('无讼社区');
    const sections = $('.outline a[data-section]')
      .map((_, a) => Number($(a).attr('data-section')))
      .get();
    expect(sections).toEqual(sections.map((_, i) => i));
    const block = $(`section.block[id="${measure.id}"]`);
    const section = Number(block.attr('data-section'));
    expect(section).toBeGreaterThanOrEqual(0);
    expect(measure.sectionPath).toContain($(`.outline a[data-section=${section}]`).text());
  });

  it('shows neither a way back nor marks when opened on its own', async () => {
    const $ = await page(`/docs/${enc(measure.docId)}${lang.replace('&', '?')}`);
    expect($('a.back-to-results').length).toBe(0);
    expect($('.doc .text mark').length).toBe(0);
  });
});
