// What a researcher sees around the hits: synonyms searched, help when a search finds nothing,
// dates and practices on each hit, sorting either way, facet values in a reader's order.
import request from 'supertest';
import * as cheerio from 'cheerio';
import { startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const enc = encodeURIComponent;
const page = async (url: string) => cheerio.load((await request(t.app).get(url).expect(200)).text);
const json = async (url: string) => (await request(t.app).get(url).expect(200)).body;

describe('synonyms on the search page', () => {
  it('says which words were also searched and links to the search without them', async () => {
    const $ = await page(`/?q=${enc('妇女调解')}`);
    expect($('.synonyms').text()).toContain('也搜索了：女子调解、巾帼调解');
    expect($('.synonyms a').attr('href')).toBe(`/?q=${enc('妇女调解')}&syn=0`);
    expect($('.hit').length).toBeGreaterThan(0);
    const off = await page(`/?q=${enc('妇女调解')}&syn=0`);
    expect(off('.hit').length).toBe(0);
    expect(off('.synonyms a').attr('href')).toBe(`/?q=${enc('妇女调解')}`);
  });

  it('puts the same in the JSON twin', async () => {
    const body = await json(`/api/search?q=${enc('妇女调解')}`);
    expect(body.expansions).toEqual([{ word: '妇女调解', added: ['女子调解', '巾帼调解'] }]);
    expect(body.query.synonyms).toBe(true);
  });
});

describe('when a search finds nothing', () => {
  it('names the word that emptied it and offers alternatives with their counts, as canonical links', async () => {
    const $ = await page(`/?q=${enc('网格员 量子纠缠')}`);
    expect($('.empty').text()).toContain('没有找到结果');
    expect($('.culprit').text()).toContain('去掉「量子纠缠」后有结果');
    const links = $('.suggestions li')
      .map((_, li) => ({ text: $(li).find('a').text(), href: $(li).find('a').attr('href'), count: Number($(li).find('.count').text()) }))
      .get();
    const drop = links.find((l) => l.text === '去掉「量子纠缠」');
    expect(drop).toMatchObject({ href: `/?q=${enc('网格员')}` });
    expect(drop?.count).toBe((await json(`/api/search?q=${enc('网格员')}`)).total);
    expect(links.find((l) => l.text.startsWith('任一词'))?.href).toBe(`/?${new URLSearchParams({ q: '网格员 OR 量子纠缠' })}`);
  });

  it('names the filter that emptied it and keeps the facet column, with the counts the query has without filters', async () => {
    const $ = await page(`/?q=${enc('无讼社区')}&city=${enc('永州市')}`);
    expect($('.culprit').text()).toContain('去掉筛选「永州市」后有结果');
    expect($('.facets-caption').text()).toBe('不加筛选时的结果分布');
    const kunming = $('fieldset[data-field=city] .facet-value').filter((_, e) => $(e).text().includes('昆明市'));
    const unfiltered = await json(`/api/search?q=${enc('无讼社区')}`);
    expect(Number(kunming.find('.count').text())).toBe(unfiltered.facets.city.find((c: { value: string }) => c.value === '昆明市').count);
    expect(kunming.find('a').attr('href')).toBe(`/?q=${enc('无讼社区')}&city=${enc('昆明市')}`);
  });

  it('offers the practice names closest to the words typed', async () => {
    const body = await json(`/api/search?q=${enc('三调联合')}`);
    expect(body.total).toBe(0);
    expect(body.help.suggestions).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'practice', subject: '三调联动' })]));
  });

  it('in English says the reports are in Chinese and offers themes and agencies whose label matches', async () => {
    const $ = await page('/?q=governance+xyz&lang=en');
    expect($('.note').text()).toContain('The reports are in Chinese');
    const theme = $('.suggestions a').filter((_, a) => $(a).text().startsWith('Theme:'));
    expect(theme.length).toBeGreaterThan(0);
    expect(theme.first().attr('href')).toMatch(/^\/\?theme=[a-z-]+&lang=en$/);
  });

  it('gives no help when there is plenty to read', async () => {
    expect((await json(`/api/search?q=${enc('调解')}`)).help).toBeNull();
  });
});

describe('hits and ordering', () => {
  it('shows each hit with its report date and named practices', async () => {
    const $ = await page(`/?q=${enc('无讼社区')}`);
    const hit = $('.hit').first();
    expect(hit.find('.crumbs time').attr('datetime')).toMatch(/^\d{4}/);
    expect(hit.find('.tag-practice').length).toBeGreaterThan(0);
  });

  it('sorts by date and by report order in both directions', async () => {
    const $ = await page(`/?q=${enc('调解')}&sort=-date`);
    const labels = $('.sorts a, .sorts strong')
      .map((_, e) => $(e).text())
      .get();
    expect(labels).toEqual(['按相关度', '最新报告在前', '最早报告在前', '按报告顺序', '报告倒序']);
    expect($('.sorts strong').text()).toBe('最早报告在前');
    const dates = $('.hit time')
      .map((_, e) => $(e).attr('datetime'))
      .get();
    expect(dates).toEqual([...dates].sort());
  });

  it('orders facet values with equal counts by their label', async () => {
    const body = await json('/api/search?q=');
    expect(body.facets.practice.length).toBeGreaterThan(16);
    const $ = await page('/');
    const panel = $('fieldset[data-field=practice]');
    expect(panel.find('input.facet-filter').length).toBe(1);
    const values = panel
      .find('.facet-value')
      .map((_, e) => ({ label: $(e).find('a').text(), count: Number($(e).find('.count').text()) }))
      .get();
    const collator = new Intl.Collator('zh-Hans-CN');
    for (let i = 1; i < values.length; i++) {
      const [a, b] = [values[i - 1], values[i]];
      if (a.count === b.count && i !== 8) expect(collator.compare(a.label, b.label)).toBeLessThanOrEqual(0);
    }
  });
});
