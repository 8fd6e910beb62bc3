// /figures as a researcher comparing cities uses it: paged, with facets and chips, JSON and CSV
// that keep the whole filtered set, periods apart from the report's year, and a chart for a label
// group drawn from the same rows as the table.
import request from 'supertest';
import * as cheerio from 'cheerio';
import { startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const enc = encodeURIComponent;
const page = async (url: string) => cheerio.load((await request(t.app).get(url).expect(200)).text);
const api = async (url: string) => (await request(t.app).get(url).expect(200)).body;
const dataRows = ($: cheerio.CheerioAPI) => $('table.figures-table tbody tr:not(.unit-group)');

describe('paging', () => {
  it('shows 50 rows a page, with page links, while JSON and CSV keep the whole set', async () => {
    const all = await api('/api/figures');
    expect(all.total).toBeGreaterThan(100);
    expect(all.rows).toHaveLength(all.total);
    const $ = await page('/figures');
    expect(dataRows($)).toHaveLength(50);
    const pages = Math.ceil(all.total / 50);
    expect($('nav.pages .page-label').text()).toBe(`第 1 / ${pages} 页`);
    expect($('nav.pages a[rel=next]').attr('href')).toBe('/figures?page=2');
    const $last = await page(`/figures?page=${pages}`);
    expect(dataRows($last)).toHaveLength(all.total - 50 * (pages - 1));
    expect($last('nav.pages strong[aria-current=page]').text()).toBe(String(pages));
    const csv = await request(t.app).get('/figures.csv?page=2').expect(200);
    expect(csv.text.slice(1).trim().split('\r\n')).toHaveLength(1 + all.total);
  });

  it('shows the last page for a page past the end, and a clear message for a page that is no number', async () => {
    const pages = Math.ceil((await api('/api/figures')).total / 50);
    const $ = await page('/figures?page=999');
    expect($('nav.pages strong[aria-current=page]').text()).toBe(String(pages));
    expect(dataRows($).length).toBeGreaterThan(0);
    for (const bad of ['0', 'x', '-1']) {
      const res = await request(t.app).get(`/figures?page=${bad}`).expect(400);
      expect(res.text).toContain('page');
      expect(res.status).toBeLessThan(500);
    }
    await request(t.app).get('/figures?figure_kind=colour').expect(400);
    await request(t.app).get('/api/figures?period_kind=century').expect(400);
    const many = Array.from({ length: 21 }, (_, i) => `unit=u${i}`).join('&');
    expect((await request(t.app).get(`/api/figures?${many}`)).status).toBe(400);
  });
});

describe('facets and chips', () => {
  it('offers city, label group, unit, kind and period kind as facets with counts', async () => {
    const $ = await page('/figures');
    const fields = $('fieldset.facet')
      .map((_i, el) => $(el).attr('data-field'))
      .get();
    expect(fields).toEqual(['city', 'group', 'unit', 'figure_kind', 'period_kind']);
    const kinds = $('fieldset[data-field=figure_kind] input')
      .map((_i, el) => $(el).attr('value'))
      .get();
    expect(kinds).toEqual(expect.arrayContaining(['count', 'amount', 'rate', 'change', 'ratio']));
    expect($('fieldset[data-field=group] input[value="-"]').parent().text()).toContain('未归组');
  });

  it('shows the ungrouped figures as such, and each grouped one with its group', async () => {
    const $ = await page('/figures?group=-');
    const labels = $('td[data-label=指标]')
      .map((_i, td) => $(td).text())
      .get();
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.every((l) => l.includes('(未归组)'))).toBe(true);
    const $g = await page(`/figures?group=${enc('网格员')}`);
    expect($g('td[data-label=指标]').first().text()).toContain('(网格员)');
  });

  it('filters by city with a chip that removes it, counting the other cities as well', async () => {
    const $ = await page(`/figures?city=${enc('保山市')}`);
    const places = dataRows($)
      .map((_i, tr) => $(tr).find('td').first().text())
      .get();
    expect(places.length).toBeGreaterThan(0);
    expect(places.every((p) => p === '保山市')).toBe(true);
    const chip = $('.chips a.chip');
    expect(chip).toHaveLength(1);
    expect(chip.text()).toContain('保山市');
    expect(chip.attr('href')).toBe('/figures');
    // The city facet still counts the other cities, so that one can switch.
    expect($('fieldset[data-field=city] input').length).toBeGreaterThan(1);
    expect($('fieldset[data-field=city] input[value="保山市"]').attr('checked')).toBeDefined();
  });

  it('compares within one kind: the kind facet leaves rates apart from changes', async () => {
    const rates = await api('/api/figures?figure_kind=rate');
    expect(rates.rows.every((r: { figure_kind: string; unit: string }) => r.figure_kind === 'rate' && r.unit === '%')).toBe(true);
    const changes = await api('/api/figures?figure_kind=change');
    expect(changes.rows.map((r: { label: string }) => r.label)).toContain('发生命案比峰值下降');
    expect(rates.rows.map((r: { label: string }) => r.label)).not.toContain('发生命案比峰值下降');
    const facet = rates.facets.figure_kind.find((v: { value: string }) => v.value === 'change');
    expect(facet.count).toBe(changes.total);
  });

  it('keeps the period apart from the report’s year and says when it is inferred', async () => {
    const rows = (await api(`/api/figures?city=${enc('保山市')}&group=${enc('网格员')}`)).rows;
    expect(rows[0]).toMatchObject({ period: '目前', period_kind: 'year', period_from: '2022', period_inferred: true });
    const $ = await page(`/figures?city=${enc('保山市')}&period_kind=range`);
    const cells = $('td[data-label=时期]')
      .map((_i, td) => $(td).text())
      .get();
    expect(cells).toContain('十年来（2012–2022，推定）');
    expect(cells.some((c) => c.includes('十年来（2022）'))).toBe(false);
    const unknown = await api('/api/figures?period_kind=unknown');
    expect(unknown.rows.every((r: { period_from: unknown }) => r.period_from === null)).toBe(true);
  });
});

describe('the chart', () => {
  it('draws a label group of one kind and unit across cities, from the rows of the table', async () => {
    const url = `/figures?group=${enc('矛盾纠纷化解率')}`;
    const $ = await page(url);
    const svg = $('figure.chart svg');
    expect(svg).toHaveLength(1);
    expect(svg.attr('role')).toBe('img');
    expect(svg.find('title').text()).toContain('矛盾纠纷化解率');
    expect(svg.find('desc').text()).toMatch(/个城市/);
    const rows = (await api(`/api/figures?group=${enc('矛盾纠纷化解率')}`)).rows as { city: string; value: number; report: string }[];
    expect(new Set(rows.map((r) => r.city)).size).toBeGreaterThan(1);
    expect(svg.find('g.bar')).toHaveLength(rows.length);
    const values = svg
      .find('.bar-value')
      .map((_i, el) => $(el).text())
      .get();
    for (const r of rows) expect(values.some((v) => v.startsWith(String(r.value)))).toBe(true);
    for (const r of rows) expect(svg.text()).toContain(r.city);
  });

  it('is absent without one chosen group, and for the ungrouped figures', async () => {
    for (const url of ['/figures', `/figures?unit=${enc('%')}`, '/figures?group=-', `/figures?group=${enc('网格')}&group=${enc('网格员')}`]) {
      const $ = await page(url);
      expect({ url, charts: $('figure.chart').length }).toEqual({ url, charts: 0 });
    }
    expect((await page('/figures')).text()).toContain('选择一个指标组');
  });

  it('names its parts in English on the English page', async () => {
    const $ = await page(`/figures?group=${enc('矛盾纠纷化解率')}&lang=en`);
    expect($('figure.chart svg title').text()).toMatch(/across cities/);
    expect($('fieldset[data-field=figure_kind] legend').text()).toBe('Kind');
  });
});
