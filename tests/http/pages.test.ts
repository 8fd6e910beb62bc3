import request from 'supertest';
import * as cheerio from 'cheerio';
import { startTestApp, type TestApp } from '../helpers/app';
import { seedCorpus } from '../helpers/corpus';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const enc = encodeURIComponent;
const page = async (url: string, status = 200) => cheerio.load((await request(t.app).get(url).expect(status)).text);

describe('the search page', () => {
  it('lists hits with highlighted headings, breadcrumbs, tags and permalinks', async () => {
    const $ = await page(`/?q=${enc('无讼社区')}`);
    const hit = $('.hit').first();
    expect(hit.find('h2 mark').first().text()).toBe('无讼社区');
    expect(hit.find('.crumbs').text()).toContain('“五大关键字”解锁平安官渡建设的政法力量 › 关键字:“诉”“三步走”推进诉源治理精细实');
    expect(hit.find('.tag-city').text()).toBe('昆明市');
    expect(hit.find('.tag-agency').text()).toContain('法院');
    // Tags are text in the results (one Tab stop a hit); the measure page links each to its search.
    expect(hit.find('.tag-city').is('span')).toBe(true);
    expect(hit.find('.permalink a').attr('href')).toMatch(/^\/chunks\/guandu-five-keywords-[0-9a-f]{10}$/);
    expect($('.stats').text()).toMatch(/^\d+ 条结果，用时 [\d.]+ 毫秒$/);
    expect($('link[rel=alternate][type="application/json"]').attr('href')).toBe(`/api/search?q=${enc('无讼社区')}`);
  });

  it('shows facet counts with the selected values ticked and the other values still counted', async () => {
    const $ = await page(`/?q=${enc('调解')}&city=${enc('保山市')}`);
    const cities = $('fieldset[data-field=city] .facet-value');
    expect(cities.length).toBe(5);
    const picked = cities.filter((_, el) => $(el).find('input').attr('value') === '保山市');
    expect(picked.find('input').attr('checked')).toBeDefined();
    expect(picked.find('a, input').length).toBe(1);
    const other = cities.filter((_, el) => $(el).find('input').attr('value') === '昆明市');
    expect(Number(other.find('.count').text())).toBeGreaterThan(0);
    expect(other.find('input').attr('name')).toBe('city');
    expect($('fieldset[data-field=theme] legend').text()).toBe('主题');
    expect($('fieldset[data-field=theme] label').first().text()).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('shows active filters as removable chips with a clear-all link', async () => {
    const $ = await page(`/?q=${enc('调解')}&city=${enc('保山市')}&agency=${enc('法院')}`);
    const chips = $('.chips .chip');
    expect(chips.length).toBe(2);
    expect(chips.first().attr('href')).toBe(`/?q=${enc('调解')}&agency=${enc('法院')}`);
    expect($('.chips .clear').attr('href')).toBe(`/?q=${enc('调解')}`);
  });

  it('says which filters are active when nothing is found and offers to drop each', async () => {
    const $ = await page(`/?q=${enc('无讼社区')}&city=${enc('永州市')}`);
    expect($('.empty').text()).toContain('没有找到结果');
    expect($('.empty a').first().attr('href')).toBe(`/?q=${enc('无讼社区')}`);
  });

  it('redirects form submissions with empty or UI-only fields to the canonical address', async () => {
    const res = await request(t.app)
      .get(`/?q=${enc('调解')}&city=&province=&submit=${enc('搜索')}`)
      .expect(302);
    expect(res.headers.location).toBe(`/?q=${enc('调解')}`);
    const reordered = await request(t.app)
      .get(`/?city=${enc('保山市')}&q=${enc('调解')}`)
      .expect(302);
    expect(reordered.headers.location).toBe(`/?q=${enc('调解')}&city=${enc('保山市')}`);
    await request(t.app)
      .get(`/?q=${enc('调解')}&city=${enc('保山市')}`)
      .expect(200);
  });

  it('pages with links that keep the state', async () => {
    const $ = await page(`/?q=${enc('调解')}&page=2&per_page=5`);
    expect($('.pages [aria-current=page]').text()).toBe('2');
    expect($('.pages a[rel=prev]').attr('href')).toBe(`/?q=${enc('调解')}&per_page=5`);
    expect($('.pages a[rel=next]').attr('href')).toBe(`/?q=${enc('调解')}&page=3&per_page=5`);
  });

  it('switches to English and keeps the rest of the state', async () => {
    const zh = await page(`/?q=${enc('调解')}&theme=mediation`);
    expect(zh('header .lang').attr('href')).toBe(`/?q=${enc('调解')}&theme=mediation&lang=en`);
    const $ = await page(`/?q=${enc('调解')}&theme=mediation&lang=en`);
    expect($('html').attr('lang')).toBe('en');
    expect($('.stats').text()).toMatch(/results in/);
    expect($('.chips .chip').text()).toContain('Multi-channel dispute resolution');
    expect($('.hit .permalink a').first().attr('href')).toMatch(/\?lang=en$/);
    expect($('input[type=hidden][name=lang]').attr('value')).toBe('en');
  });

  it('cuts an over-long query with a notice and refuses bad parameters with a readable 400', async () => {
    const $ = await page(`/?q=${enc('调'.repeat(300))}`);
    expect($('.notice').text()).toContain('200');
    const bad = await page('/?page=0', 400);
    expect(bad('.error p').first().text()).toMatch(/page/);
  });

  it('escapes report text: markup inside a report shows as text', async () => {
    const res = await request(t.app)
      .get(`/?q=${enc('测试市')}`)
      .expect(200);
    const $ = cheerio.load(res.text);
    expect($('script').length).toBe(1);
    expect($('script').attr('src')).toBe('/static/app.js');
    expect($('img').length).toBe(0);
    expect(res.text).toContain('&lt;script&gt;');
    const chunkId = $('.hit .permalink a').first().attr('href') as string;
    const chunk = await request(t.app).get(chunkId).expect(200);
    const c$ = cheerio.load(chunk.text);
    expect(c$('script').length).toBe(1);
    expect(c$('[onerror]').length).toBe(0);
    expect(c$('img').length).toBe(0);
  });

  it('sends a Content-Security-Policy that allows no inline script', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe-inline/);
  });
});

describe('the measure page', () => {
  const measure = () => seedCorpus().chunks.find((c) => c.heading === '抓前端治未病,为“无讼社区”提供司法保障');

  it('shows the text, breadcrumbs, metadata, figures, neighbours, related measures and a citation', async () => {
    const c = measure();
    if (!c) throw new Error('fixture measure missing');
    const res = await request(t.app).get(`/chunks/${c.id}`).expect(200);
    const $ = cheerio.load(res.text);
    expect($('h1').text()).toBe(c.heading);
    expect($('.crumbs a').first().attr('href')).toBe(`/docs/${c.docId}`);
    expect($('dl.facts').text()).toContain('官渡区人民法院');
    expect($('dl.facts a[href="/?agency=' + enc('法院') + '"]').length).toBe(1);
    expect($('.text p').first().text()).toContain('无讼社区');
    expect($('table.figures tbody tr').length).toBe(c.figures.length);
    expect($('.measure-nav a[rel=prev]').attr('href')).toMatch(/^\/chunks\//);
    expect($('.measure-nav a[rel=next]').attr('href')).toMatch(/^\/chunks\//);
    expect($('.related li').length).toBeGreaterThan(0);
    expect($('.related .city').first().text()).not.toBe('昆明市');
    expect($('#citation').text()).toMatch(new RegExp(`\\[EB/OL\\].*http://127\\.0\\.0\\.1:\\d+/chunks/${c.id}\\. 知识库副本（原始地址不详）\\.$`));
    expect($('a[href$="#' + c.id + '"]').length).toBeGreaterThan(0);
    expect($('link[rel=alternate]').attr('href')).toBe(`/api/chunks/${c.id}`);
  });

  it('answers an unknown id with 404, a link to its report and a search of that report', async () => {
    const res = await request(t.app).get('/chunks/guandu-five-keywords-0123456789').expect(404);
    const $ = cheerio.load(res.text);
    expect($('.error').text()).toContain('重新索引');
    const links = $('.error li a')
      .map((_, a) => $(a).attr('href'))
      .get();
    expect(links).toEqual(['/docs/guandu-five-keywords', '/?doc=guandu-five-keywords']);
  });
});

describe('report pages', () => {
  it('lists the reports with city, date, genre and number of measures', async () => {
    const $ = await page('/docs');
    const rows = $('table.docs tbody tr');
    expect(rows.length).toBe(6);
    const guandu = rows.filter((_, r) => $(r).text().includes('五大关键字'));
    expect(guandu.text()).toContain('云南省 › 昆明市 › 官渡区');
    expect(guandu.text()).toContain('2021');
    expect(guandu.text()).toContain('通讯');
  });

  it('shows a whole report with an outline and every measure anchored', async () => {
    const chunks = seedCorpus().chunks.filter((c) => c.docId === 'guandu-five-keywords');
    const $ = await page('/docs/guandu-five-keywords');
    expect($('.block').length).toBe(chunks.length);
    for (const c of chunks) expect($(`#${c.id}`).length).toBe(1);
    expect($('.outline a').first().text()).toBe('关键字:“治”“五大载体”赋能平安官渡建设');
    expect($('h2').filter((_, h) => $(h).text() === '关键字:“诉”“三步走”推进诉源治理精细实').length).toBe(1);
  });

  it('says which of a report’s facts were supplied or inferred, as its citation does', async () => {
    const $ = await page('/docs/jincheng-13th-five-year-review');
    expect($('.title-note').text()).toBe('原文无标题，此标题为著录者所拟。');
    const facts = Object.fromEntries(
      $('.facts dt')
        .map((i, dt) => [[$(dt).text(), $('.facts dd').eq(i).text()]])
        .get(),
    );
    expect(facts).toMatchObject({ 发布日期: '2021 （推定）', 责任者: '郜晋龙' });
    expect((await page('/docs/guandu-five-keywords'))('.title-note').length).toBe(0);
  });

  it('answers unknown pages with a 404 page', async () => {
    const $ = await page('/docs/nope', 404);
    expect($('h1').text()).toBe('页面不存在');
    await page('/no/such/page', 404);
  });
});
