// The facet column and the hits' markup: named practices with the ones found once behind "more",
// the report year said to be one, a district facet, a per-page choice, one link per hit, and
// related measures that are measures.
import request from 'supertest';
import * as cheerio from 'cheerio';
import { startTestApp, type TestApp } from '../helpers/app';
import { seedCorpus } from '../helpers/corpus';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const enc = encodeURIComponent;
const page = async (url: string) => cheerio.load((await request(t.app).get(url).expect(200)).text);
const json = async (url: string) => (await request(t.app).get(url).expect(200)).body;
type Count = { value: string; count: number; selected: boolean };

describe('the practice facet', () => {
  it.each([
    ['zh', '', (n: number) => `另有 ${n} 项，各见于一条结果`],
    ['en', 'lang=en', (n: number) => `${n} more, each in one result`],
  ])('shows the practices found more than once, and those found once behind "more" (%s)', async (_lang, lang, summary) => {
    for (const q of ['', `q=${enc('调解')}`]) {
      const counts = (await json(`/api/facets?${q}`)).facets.practice as Count[];
      const once = counts.filter((c) => c.count === 1).map((c) => c.value);
      const query = [q, lang].filter(Boolean).join('&');
      const $ = await page(query ? `/?${query}` : '/');
      const panel = $('fieldset[data-field=practice]');
      const inView = panel
        .find('> ul .facet-value input')
        .map((_, e) => $(e).attr('value'))
        .get();
      const behind = panel
        .find('details.more .facet-value input')
        .map((_, e) => $(e).attr('value'))
        .get();
      expect(inView.sort()).toEqual(
        counts
          .filter((c) => c.count > 1)
          .map((c) => c.value)
          .sort(),
      );
      expect(behind.sort()).toEqual([...once].sort());
      expect(panel.find('details.more > summary').text()).toBe(summary(once.length));
      expect(once.length).toBeGreaterThan(0);
    }
  });

  it('keeps a ticked practice found once in view', async () => {
    const $ = await page(`/?practice=${enc('李承平调解室')}`);
    const panel = $('fieldset[data-field=practice]');
    expect(panel.find('> ul input[value="李承平调解室"]').attr('checked')).toBeDefined();
    expect(panel.find('details.more input[value="李承平调解室"]').length).toBe(0);
  });

  it('counts 71 named practices over the seed reports, no generic phrase among them', async () => {
    const counts = (
      await json(
        `/api/facets?doc=${seedCorpus()
          .docs.map((d) => enc(d.id))
          .join('&doc=')}`,
      )
    ).facets.practice as Count[];
    expect(counts.length).toBe(71);
    const names = counts.map((c) => c.value);
    for (const generic of ['电话服务', '大数据', '一窗', '十二字', '一站式诉讼服务']) expect(names).not.toContain(generic);
    expect(counts.find((c) => c.value === '一站式')?.count).toBe(9);
  });
});

describe('the year and district facets', () => {
  it.each([
    ['zh', '', '报告年份', '报告的发布年份；报告未注明日期的，据正文推定。', '区县'],
    ['en', '?lang=en', 'Report year', 'The year each report was published, inferred from its text where the report states no date.', 'District'],
  ])('calls the year the report year and says what it is (%s)', async (_lang, suffix, title, note, district) => {
    const $ = await page(`/${suffix}`);
    expect($('fieldset[data-field=year] > legend').text()).toBe(title);
    expect($('fieldset[data-field=year] .facet-note').text()).toBe(note);
    expect($('fieldset[data-field=district] > legend').text()).toBe(district);
  });

  it('counts the district of the 昆明 report, 官渡区, as many as 昆明市 and filters by it', async () => {
    const facets = (await json('/api/facets')).facets as Record<string, Count[]>;
    const kunming = facets.city.find((c) => c.value === '昆明市')?.count;
    expect(facets.district).toEqual([{ value: '官渡区', count: kunming, selected: false }]);
    const $ = await page(`/?district=${enc('官渡区')}`);
    expect($('fieldset[data-field=district] input[value="官渡区"]').attr('checked')).toBeDefined();
    expect($('.chip').text()).toContain('官渡区');
    const body = await json(`/api/search?district=${enc('官渡区')}&per_page=100`);
    expect(body.total).toBe(kunming);
    expect(new Set(body.hits.map((h: { city: string }) => h.city))).toEqual(new Set(['昆明市']));
  });
});

describe('results', () => {
  it.each([
    ['zh', '', '每页'],
    ['en', '&lang=en', 'Per page'],
  ])('offer 20, 50 or 100 hits a page, from the first page, keeping the search (%s)', async (_lang, suffix, label) => {
    const $ = await page(`/?q=${enc('调解')}&city=${enc('保山市')}&page=2&per_page=10${suffix}`);
    const choice = $('.per-page');
    expect(choice.text()).toContain(label);
    const links = choice
      .find('a')
      .map((_, a) => ({ text: $(a).text(), href: $(a).attr('href') }))
      .get();
    const lang = suffix ? '&lang=en' : '';
    expect(links).toEqual(
      [20, 50, 100].map((n) => ({ text: String(n), href: `/?q=${enc('调解')}&city=${enc('保山市')}${n === 20 ? '' : `&per_page=${n}`}${lang}` })),
    );
    const fifty = await page(`/?per_page=50${suffix}`);
    expect(fifty('.per-page strong').text()).toBe('50');
    expect(fifty('.hit').length).toBeGreaterThan(20);
    expect(fifty('.hit').length).toBeLessThanOrEqual(50);
  });

  it('give each hit one link in the Tab order, its title; tags are text', async () => {
    const $ = await page(`/?q=${enc('调解')}`);
    expect($('.hit').length).toBeGreaterThan(5);
    $('.hit').each((_, hit) => {
      const stops = $(hit)
        .find('a[href], button, input')
        .filter((_, e) => $(e).attr('tabindex') !== '-1');
      expect(stops.length).toBe(1);
      expect(stops.is('h2 a')).toBe(true);
      expect($(hit).find('.tags a').length).toBe(0);
    });
    expect($('.hit .tags .tag').length).toBeGreaterThan(10);
  });
});

describe('a measure page', () => {
  it('offers the same theme in other cities as measures only, never a lead or a section', async () => {
    const { chunks } = seedCorpus();
    const kinds = new Map(chunks.map((c) => [c.id, c.kind]));
    let related = 0;
    for (const c of chunks.filter((x) => x.kind === 'measure' && x.themes.length).slice(0, 12)) {
      const body = await json(`/api/chunks/${enc(c.id)}`);
      for (const r of body.related as { id: string }[]) expect(kinds.get(r.id)).toBe('measure');
      related += body.related.length;
    }
    expect(related).toBeGreaterThan(0);
  });
});
