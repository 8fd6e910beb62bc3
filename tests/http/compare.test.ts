import request from 'supertest';
import * as cheerio from 'cheerio';
import { startTestApp, type TestApp } from '../helpers/app';
import { rng } from '../../bench/synthetic';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const enc = encodeURIComponent;
const qs = (pairs: [string, string][]) => pairs.map(([k, v]) => `${k}=${enc(v)}`).join('&');

describe('the comparison matrix', () => {
  it('has cells that equal the facet counts of the corresponding searches (random filter states)', async () => {
    const random = rng(5);
    const pick = <T>(l: T[]): T => l[Math.floor(random() * l.length)];
    const views = [
      ['city-theme', 'city', 'theme'],
      ['agency-city', 'agency', 'city'],
      ['theme-agency', 'theme', 'agency'],
    ] as const;
    for (let round = 0; round < 8; round++) {
      const state: [string, string][] = [];
      if (random() < 0.5) state.push(['q', pick(['调解', '网格', '法院', '公安 -检察'])]);
      if (random() < 0.3) state.push(['agency', pick(['法院', '公安', '政法委'])]);
      const [view, rowField, colField] = pick([...views]);
      const m = (
        await request(t.app)
          .get(`/api/compare?${qs([...state, ['view', view]])}`)
          .expect(200)
      ).body;
      expect(m.query).toMatchObject({ view, rows: rowField, columns: colField });
      for (const row of m.rows) {
        // The search for one row value counts the columns in its facet (disjunctively, so the column filter does not matter).
        const s = (
          await request(t.app)
            .get(`/api/search?${qs([...state.filter(([k]) => k !== rowField), [rowField, row.value]])}&per_page=1`)
            .expect(200)
        ).body;
        expect(s.total).toBe(row.count);
        const facet = new Map((s.facets[colField] as { value: string; count: number }[]).map((f) => [f.value, f.count]));
        for (const col of m.columns) {
          const selected = state.filter(([k]) => k === colField).map(([, v]) => v);
          if (selected.length && !selected.includes(col.value)) continue;
          expect(row.cells[col.value] ?? 0).toBe(facet.get(col.value) ?? 0);
        }
      }
    }
  });

  it('renders rows grouped by province with shaded cells that link to the matching search', async () => {
    const res = await request(t.app)
      .get(`/compare?q=${enc('调解')}`)
      .expect(200);
    const $ = cheerio.load(res.text);
    expect(
      $('tr.group th')
        .map((_, e) => $(e).text())
        .get(),
    ).toEqual(expect.arrayContaining(['云南省', '山西省', '湖南省', '甘肃省']));
    const $en = cheerio.load(
      (
        await request(t.app)
          .get(`/compare?q=${enc('调解')}&lang=en`)
          .expect(200)
      ).text,
    );
    // On English pages a province row is named in pinyin beside the hanzi, as the province facet is.
    expect(
      $en('tr.group th')
        .map((_, e) => $en(e).text().trim())
        .get(),
    ).toEqual(expect.arrayContaining(['云南省 Yunnan', '甘肃省 Gansu']));
    const cell = $('td.cell a').first();
    expect(cell.attr('href')).toMatch(new RegExp(`^/\\?q=${enc('调解')}&city=[^&]+&theme=[a-z-]+$`));
    expect($('td.cell').first().attr('class')).toMatch(/shade-\d/);
    expect($('th.col').first().text()).toMatch(/[\u4e00-\u9fa5]/);
    expect($('link[rel=alternate]').attr('href')).toBe(`/api/compare?q=${enc('调解')}`);
    expect($('a.csv').attr('href')).toBe(`/compare.csv?q=${enc('调解')}`);
  });

  it('switches to agency × city and theme × agency, keeping the state in the URL', async () => {
    const $ = cheerio.load(
      (
        await request(t.app)
          .get(`/compare?q=${enc('调解')}&view=agency-city`)
          .expect(200)
      ).text,
    );
    expect($('th.corner').text()).toBe('部门');
    expect(
      $('.toolbar a')
        .filter((_, a) => $(a).text() === '主题 × 部门')
        .attr('href'),
    ).toBe(`/compare?q=${enc('调解')}&view=theme-agency`);
    await request(t.app).get('/compare?view=sideways').expect(400);
  });

  it('names each view in its heading and title', async () => {
    for (const [view, title] of [
      ['', '城市 × 主题 矩阵'],
      ['agency-city', '部门 × 城市 矩阵'],
      ['theme-agency', '主题 × 部门 矩阵'],
    ]) {
      const $ = cheerio.load(
        (
          await request(t.app)
            .get(`/compare${view ? `?view=${view}` : ''}`)
            .expect(200)
        ).text,
      );
      expect($('h1').text()).toBe(title);
      expect($('title').text()).toMatch(new RegExp(`^${title} · `));
    }
    const $en = cheerio.load((await request(t.app).get('/compare?view=theme-agency&lang=en').expect(200)).text);
    expect($en('h1').text()).toBe('Theme × agency matrix');
  });

  it('shows cells as shares of the row’s measures on request, and explains the total', async () => {
    const counts = cheerio.load((await request(t.app).get('/compare').expect(200)).text);
    const shares = cheerio.load((await request(t.app).get('/compare?cells=share').expect(200)).text);
    expect(counts('.total-note').text()).toContain('合计为该行不重复的举措数');
    const firstRow = (c: cheerio.CheerioAPI) => c('tbody tr:not(.group)').first();
    const total = Number(firstRow(counts).find('td.total').text());
    const count = Number(firstRow(counts).find('td.cell a').first().text());
    expect(firstRow(shares).find('td.cell a').first().text()).toBe(`${Math.round((count / total) * 100)}%`);
    // The switch keeps the view, and the other switch leads back.
    expect(shares('.modes a').attr('href')).toBe('/compare');
    const other = cheerio.load((await request(t.app).get('/compare?view=agency-city').expect(200)).text);
    expect(other('.modes a').attr('href')).toBe('/compare?view=agency-city&cells=share');
    await request(t.app).get('/compare?cells=pie').expect(400);
  });

  it('lets the reader tick cities in the matrix and open them side by side on a theme', async () => {
    const $ = cheerio.load(
      (
        await request(t.app)
          .get(`/compare?q=${enc('调解')}&agency=${enc('法院')}`)
          .expect(200)
      ).text,
    );
    const form = $('form.pick-cities');
    expect(form.attr('action')).toBe('/compare/measures');
    expect(form.find('th.row input[type=checkbox][name=city]').length).toBe($('th.row').length);
    expect(
      form
        .find('input[type=hidden]')
        .map((_, e) => `${$(e).attr('name')}=${$(e).attr('value')}`)
        .get(),
    ).toEqual(['q=调解', 'agency=法院']);
    expect(form.find('select[name=theme] option').length).toBe($('th.col').length + 1);
    // Matrices whose rows are not cities have nothing to tick.
    const agencies = cheerio.load((await request(t.app).get('/compare?view=agency-city').expect(200)).text);
    expect(agencies('form.pick-cities').length).toBe(0);
  });

  it('exports the matrix as CSV', async () => {
    const res = await request(t.app)
      .get('/compare.csv')
      .expect(200)
      .expect('Content-Type', /text\/csv/);
    const lines = res.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toMatch(/^城市,省份,合计,/);
    expect(lines).toHaveLength(1 + 5);
    expect(lines.find((l) => l.startsWith('保山市,云南省,'))).toBeDefined();
  });

  it('is linked from the search page with the current state', async () => {
    const $ = cheerio.load(
      (
        await request(t.app)
          .get(`/?q=${enc('调解')}&city=${enc('保山市')}`)
          .expect(200)
      ).text,
    );
    expect($('a.compare').attr('href')).toBe(`/compare?q=${enc('调解')}&city=${enc('保山市')}`);
  });
});

describe('measures side by side', () => {
  it('shows two to four cities in columns of cards for the chosen theme', async () => {
    const url = `/compare/measures?${qs([
      ['city', '保山市'],
      ['city', '昆明市'],
      ['city', '晋城市'],
      ['theme', 'mediation'],
    ])}`;
    const $ = cheerio.load((await request(t.app).get(url).expect(200)).text);
    expect(
      $('.city-column h2 a')
        .map((_, a) => $(a).text())
        .get(),
    ).toEqual(['保山市', '昆明市 · 官渡区', '晋城市']);
    expect($('.city-column').first().find('.card').length).toBeGreaterThan(0);
    expect($('.card h3 a').first().attr('href')).toMatch(/^\/chunks\//);
    const api = (await request(t.app).get(url.replace('/compare/measures', '/api/compare/measures')).expect(200)).body;
    expect(api.columns.map((c: { city: string }) => c.city)).toEqual(['保山市', '昆明市', '晋城市']);
    for (const c of api.columns) for (const h of c.hits) expect(h.themes).toContain('mediation');
  });

  it('refuses fewer than two or more than four cities with a clear message', async () => {
    const one = await request(t.app)
      .get(`/api/compare/measures?city=${enc('保山市')}`)
      .expect(400);
    expect(one.body.error.message).toMatch(/2 to 4 cities/);
    await request(t.app)
      .get(`/api/compare/measures?${qs(['a', 'b', 'c', 'd', 'e'].map((c) => ['city', c]))}`)
      .expect(400);
    // The page itself says why in the interface's language, and offers the choice.
    for (const [url, message] of [
      ['/compare/measures', '请选择 2 至 4 个城市（已选 0 个）。'],
      [`/compare/measures?${qs(['保山市', '昆明市', '晋城市', '长沙市', '兰州市'].map((c) => ['city', c]))}`, '请选择 2 至 4 个城市（已选 5 个）。'],
      ['/compare/measures?lang=en', 'Choose 2 to 4 cities with city=… (got 0).'],
    ]) {
      const $ = cheerio.load((await request(t.app).get(url).expect(200)).text);
      expect($('.problem').text()).toBe(message);
      expect($('.city-column').length).toBe(0);
      expect($('form.side-by-side-form input[name=city]').length).toBeGreaterThanOrEqual(5);
    }
  });

  it('can be chosen on the page: every city with its count, the chosen ones ticked, the theme selected, the query kept', async () => {
    const url = `/compare/measures?${qs([
      ['q', '调解'],
      ['city', '保山市'],
      ['city', '昆明市'],
      ['theme', 'mediation'],
    ])}`;
    const $ = cheerio.load((await request(t.app).get(url).expect(200)).text);
    const form = $('form.side-by-side-form');
    expect(form.attr('action')).toBe('/compare/measures');
    expect(
      form
        .find('input[name=city]:checked')
        .map((_, e) => $(e).attr('value'))
        .get(),
    ).toEqual(['保山市', '昆明市']);
    expect(form.find('input[name=city]').length).toBe(5);
    expect(form.find('select[name=theme] option[selected]').attr('value')).toBe('mediation');
    expect(form.find('input[name=q]').attr('value')).toBe('调解');
    expect($('a.csv').attr('href')).toBe(url.replace('/compare/measures', '/compare/measures.csv'));
  });

  it('exports the cards side by side as CSV, each with its city, rank and permalink', async () => {
    const url = `/compare/measures.csv?${qs([
      ['city', '保山市'],
      ['city', '昆明市'],
      ['theme', 'mediation'],
    ])}`;
    const res = await request(t.app)
      .get(url)
      .expect(200)
      .expect('Content-Type', /text\/csv/);
    const lines = res.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('城市,该市举措数,序号,编号,链接,标题,报告,部门,主题,做法,数据,覆盖范围');
    const api = (await request(t.app).get(url.replace('/compare/measures.csv', '/api/compare/measures')).expect(200)).body;
    expect(lines.length - 1).toBe(api.columns.reduce((n: number, c: { hits: unknown[] }) => n + c.hits.length, 0));
    expect(lines[1]).toMatch(/^保山市,\d+,1,/);
    await request(t.app).get('/compare/measures.csv?city=x').expect(400);
  });

  it('is linked from a measure page', async () => {
    const hit = (await request(t.app).get(`/api/search?q=${enc('无讼社区')}`)).body.hits[0];
    const $ = cheerio.load((await request(t.app).get(hit.url)).text);
    expect($('a.compare').attr('href')).toMatch(/^\/compare\/measures\?city=%E6%98%86%E6%98%8E%E5%B8%82&city=.+&theme=/);
  });
});

describe('figures across cities', () => {
  it('lists figures filtered by label, with city, value, unit, source sentence and permalink', async () => {
    const api = (
      await request(t.app)
        .get(`/api/figures?label=${enc('网格员')}`)
        .expect(200)
    ).body;
    expect(api.total).toBeGreaterThan(0);
    for (const r of api.rows) expect(`${r.label}${r.group ?? ''}`).toContain('网格员');
    const baoshan = api.rows.find((r: { city: string }) => r.city === '保山市');
    expect(baoshan).toMatchObject({ label: '配备专(兼)职网格员', group: '网格员', value: 49702, unit: '人', year: 2022, published: '2022-06-27' });
    expect(baoshan.sentence).toContain('配备专(兼)职网格员49702人');
    expect(baoshan.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/chunks\//);
  });

  it('filters by unit and sorts by value or city in either order', async () => {
    const pct = (
      await request(t.app)
        .get(`/api/figures?unit=${enc('%')}`)
        .expect(200)
    ).body.rows;
    expect(pct.length).toBeGreaterThan(3);
    expect(pct.every((r: { unit: string }) => r.unit === '%')).toBe(true);
    // Rates and changes are different kinds: each kind's rows stand together, sorted within it.
    const ofKind = (rows: { figure_kind: string; value: number }[], k: string) => rows.filter((r) => r.figure_kind === k).map((r) => r.value);
    const values = ofKind(pct, 'rate');
    expect(values.length).toBeGreaterThan(3);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(pct.map((r: { figure_kind: string }) => r.figure_kind).indexOf('change')).toBeGreaterThan(
      pct.map((r: { figure_kind: string }) => r.figure_kind).lastIndexOf('rate'),
    );
    const asc = ofKind((await request(t.app).get(`/api/figures?unit=${enc('%')}&sort_by=value&order=asc`)).body.rows, 'rate');
    expect(asc).toEqual([...values].reverse().sort((a: number, b: number) => a - b));
    await request(t.app).get('/api/figures?sort_by=colour').expect(400);
  });

  it('groups the rows by unit and sorts values only within a unit', async () => {
    const rows = (
      await request(t.app)
        .get(`/api/figures?label=${enc('干警')}`)
        .expect(200)
    ).body.rows as { unit: string; value: number; label: string }[];
    const units = rows.map((r) => r.unit).filter((u, i, all) => all.indexOf(u) === i);
    // Each unit's rows stand together, and inside a unit the values fall.
    expect(rows.map((r) => r.unit)).toEqual(units.flatMap((u) => rows.filter((r) => r.unit === u).map(() => u)));
    for (const u of units) {
      const values = rows.filter((r) => r.unit === u).map((r) => r.value);
      expect(values).toEqual([...values].sort((a, b) => b - a));
    }
    // What happened to the staff tells the rows apart.
    expect(rows.map((r) => r.label)).toEqual(expect.arrayContaining(['处理干警', '轮训干警', '表彰干警', '正名干警']));
  });

  it('renders the table with year, report and the number marked in its sentence, and its CSV carries the JSON’s columns', async () => {
    const $ = cheerio.load(
      (
        await request(t.app)
          .get(`/figures?label=${enc('网格')}`)
          .expect(200)
      ).text,
    );
    expect($('table.figures-table tbody tr:not(.unit-group)').length).toBeGreaterThan(3);
    expect($('table.figures-table tr.unit-group').first().text()).toMatch(/数量 · 单位: 个/);
    expect($('input[name=label]').attr('value')).toBe('网格');
    const change = $('table.figures-table tbody tr')
      .filter((_i, tr) => $(tr).text().includes('297'))
      .first();
    expect(change.find('td.num').text()).toBe('297 → 340');
    expect(change.find('td.sentence mark').text()).toBe('297个城市网格增加至340个');
    // No period in the text: the report's year stands beside the report, not as the period.
    expect(change.find('td[data-label=时期]').text()).toBe('时期未注明');
    expect(change.find('td[data-label=报告]').text()).toContain('报告年份 2019');
    const api = (
      await request(t.app)
        .get(`/api/figures?label=${enc('网格')}&lang=en`)
        .expect(200)
    ).body;
    const csv = await request(t.app)
      .get(`/figures.csv?label=${enc('网格')}&lang=en`)
      .expect(200);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.text.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(api.columns.join(','));
    expect(lines[0]).toBe(
      'province,city,district,label,group,qualifier,value,value_from,unit,approx,period,year,as_written,sentence,report,published,measure,url,figure_kind,period_kind,period_from,period_to,period_inferred',
    );
    expect(lines).toHaveLength(1 + api.rows.length);
    expect(decodeURIComponent(csv.headers['content-disposition'])).toContain('pingan-figures_');
    const zh = await request(t.app)
      .get(`/figures.csv?label=${enc('网格')}`)
      .expect(200);
    expect(zh.text.slice(1).split('\r\n')[0]).toMatch(/^省份,城市,区县,指标,/);
  });

  it('shows figures side by side with their qualifiers, as the measure page does', async () => {
    const url = `/compare/measures?theme=mediation&city=${enc('保山市')}&city=${enc('晋城市')}`;
    const $ = cheerio.load((await request(t.app).get(url).expect(200)).text);
    const values = $('ul.figs li strong')
      .map((_i, el) => $(el).text())
      .get();
    expect(values.some((v) => /^5,000左右$|^98以上$|^54,000余$/.test(v))).toBe(true);
  });
});
