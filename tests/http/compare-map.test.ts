// The map of China beside the matrix: drawn on the server from the boundary package, one linked
// and shaded outline per city with results, shading that follows the search and the matrix's
// view, the cities it has no outline for listed under it, and its numbers in the JSON twin.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import * as cheerio from 'cheerio';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { loadCorpus } from '../../indexer/corpus';
import { ROOT, TAXONOMY_DIR, seedCorpus, testRules } from '../helpers/corpus';
import { testBackend } from '../helpers/backend';
import type { Express } from 'express';
import { chinaMap } from '../../server/map';

const SEED_CITIES = ['保山市', '昆明市', '嘉峪关市', '晋城市', '永州市'];
const enc = encodeURIComponent;

let app: Express;
let dispose: () => Promise<void>;
let dir: string;
beforeAll(async () => {
  // The seed corpus and one report from a county-level city, which has no outline of its own.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'map-'));
  const file = path.join(dir, 'yiwu.md');
  fs.writeFileSync(
    file,
    [
      '---',
      'id: yiwu-test-report',
      'title: 义乌市平安建设工作报告',
      'city: 义乌市',
      'province: 浙江省',
      'published: "2021"',
      'genre: review',
      '---',
      '# 义乌市平安建设工作报告',
      '',
      '## 一、矛盾纠纷调解',
      '',
      '义乌市建立人民调解委员会，推行“枫桥经验”，全年调解矛盾纠纷 1200 件，调解成功率 98%。',
      '',
    ].join('\n'),
  );
  const extra = loadCorpus([file], testRules(), ROOT);
  const seed = seedCorpus();
  const b = testBackend('map');
  dispose = b.dispose;
  await b.backend.replaceAll([...seed.docs, ...extra.docs], [...seed.chunks, ...extra.chunks]);
  app = createApp(b.backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent' });
  // Drawn as the server does at start-up: a page asked for meanwhile answers without it.
  expect(await chinaMap()).not.toBeNull();
});
afterAll(async () => {
  await dispose?.();
  fs.rmSync(dir, { recursive: true, force: true });
});

const page = async (query: string) => cheerio.load((await request(app).get(`/compare${query}`).expect(200)).text);
const shaded = ($: cheerio.CheerioAPI) =>
  $('figure.china-map svg a.city')
    .map((_, a) => $(a).attr('data-city'))
    .get()
    .sort();

describe('the map beside the matrix', () => {
  it('draws every city with results as a shaded outline that opens that city’s search, with an accessible name', async () => {
    const $ = await page('');
    expect($('figure.china-map svg.map').length).toBe(1);
    expect($('figure.china-map svg.map path.borders').attr('d')!.length).toBeGreaterThan(1000);
    expect(shaded($)).toEqual([...SEED_CITIES].sort());
    for (const a of $('figure.china-map svg a.city').toArray()) {
      const city = $(a).attr('data-city')!;
      expect($(a).attr('href')).toBe(`/?city=${enc(city)}`);
      expect($(a).attr('aria-label')).toContain(city.replace(/市$/, ''));
      expect($(a).find('path').attr('d')).toMatch(/^m\d+,\d+/);
      expect($(a).find('path').attr('class')).toMatch(/^map-shade-[1-6]$/);
    }
    // Following a city's link finds that city's measures, as many as the map says.
    const baoshan = $('figure.china-map svg a.city[data-city="保山市"]');
    const search = (
      await request(app)
        .get(`/api/search${baoshan.attr('href')!.slice(1)}`)
        .expect(200)
    ).body;
    expect(search.total).toBeGreaterThan(0);
    expect(baoshan.attr('aria-label')).toContain(`${search.total}`);
    // A legend, and the same numbers in a table.
    expect($('.map-legend .swatch').length).toBeGreaterThan(0);
    expect($('details.map-data tbody tr').length).toBe(SEED_CITIES.length + 1);
  });

  it('follows the query: a query found in one city shades that city only', async () => {
    const $ = await page(`?q=${enc('平安雄关')}`);
    expect(shaded($)).toEqual(['嘉峪关市']);
    const link = $('figure.china-map svg a.city').attr('href')!;
    expect(link).toBe(`/?q=${enc('平安雄关')}&city=${enc('嘉峪关市')}`);
    expect($('.map-missing').length).toBe(0);
  });

  it('follows the filters and the view: a province filter leaves the other provinces blank, the agency view keeps the map', async () => {
    expect(shaded(await page(`?province=${enc('云南省')}`))).toEqual(['保山市', '昆明市']);
    const agencies = await page('?view=agency-city');
    expect(shaded(agencies)).toEqual([...SEED_CITIES].sort());
  });

  it('says so when no city has results, and draws the country all the same', async () => {
    const $ = await page(`?q=${enc('没有这样的词汇')}`);
    expect(shaded($)).toEqual([]);
    expect($('figure.china-map path.borders').length).toBe(1);
    expect($('figure.china-map').text()).toContain('当前条件下没有城市有结果');
    expect($('.map-legend').length).toBe(0);
  });

  it('shades by share when the matrix shows shares, and says so', async () => {
    const counts = await page(`?q=${enc('调解')}`);
    const shares = await page(`?q=${enc('调解')}&cells=share`);
    expect(shares('#map-title').text()).not.toBe(counts('#map-title').text());
    const body = (
      await request(app)
        .get(`/api/compare?q=${enc('调解')}`)
        .expect(200)
    ).body;
    for (const c of body.cities) {
      expect(c.all).toBeGreaterThanOrEqual(c.count);
      const a = shares(`figure.china-map svg a.city[data-city="${c.city}"]`);
      if (a.length) expect(a.attr('aria-label')).toContain(`${c.count} / ${c.all}`);
    }
    // Shades follow the shares: the larger a city's share, the darker (never lighter) it is; the largest is the darkest.
    const share = (c: { count: number; all: number }) => c.count / c.all;
    const shadeOf = (city: string) => Number(shares(`figure.china-map svg a.city[data-city="${city}"] path`).attr('class')?.replace('map-shade-', '') ?? NaN);
    const drawn = [...body.cities].filter((c) => shares(`figure.china-map svg a.city[data-city="${c.city}"]`).length).sort((x, y) => share(y) - share(x));
    for (let i = 1; i < drawn.length; i++) expect(shadeOf(drawn[i].city)).toBeLessThanOrEqual(shadeOf(drawn[i - 1].city));
    const max = Math.max(...body.cities.map(share));
    expect(shadeOf(drawn[0].city)).toBe(Math.ceil((share(drawn[0]) / max) * 6));
    expect(shadeOf(drawn[0].city)).toBeGreaterThan(shadeOf(drawn[drawn.length - 1].city));
  });

  it('lists a city it has no outline for under the map, with its number and search, rather than dropping it', async () => {
    const $ = await page(`?q=${enc('调解')}`);
    expect(shaded($)).not.toContain('义乌市');
    const missing = $('.map-missing');
    expect(missing.text()).toContain('义乌市');
    expect(missing.find('a').attr('href')).toBe(`/?q=${enc('调解')}&city=${enc('义乌市')}`);
    expect($('details.map-data').text()).toContain('义乌市');
  });

  it('carries the numbers per city in the JSON twin, and speaks English on English pages', async () => {
    const body = (await request(app).get('/api/compare?view=theme-agency').expect(200)).body;
    expect(body.cities.map((c: { city: string }) => c.city).sort()).toEqual([...SEED_CITIES, '义乌市'].sort());
    expect(body.cities.find((c: { city: string }) => c.city === '保山市').province).toBe('云南省');
    const $ = await page('?lang=en');
    expect($('#map-title').text()).toBe('Map: measures by city');
    // Chinese names are marked on English pages, but never inside the drawing.
    expect($('figure.china-map svg span').length).toBe(0);
    expect($('figure.china-map svg a.city').length).toBe(SEED_CITIES.length);
  });
});
