// A reader without Chinese input finds places and named practices by pinyin (with or without tone
// marks and spaces) and practices by their English names, on the backend under test.
import request from 'supertest';
import * as cheerio from 'cheerio';
import { startTestApp, type TestApp } from '../helpers/app';
import { seedCorpus } from '../helpers/corpus';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const search = async (q: string) => (await request(t.app).get('/api/search').query({ q, per_page: 100, lang: 'en' }).expect(200)).body;
const seed = () => seedCorpus().chunks;

describe('pinyin and English names', () => {
  it.each(['Baoshan', 'baoshan', 'Bǎoshān', 'bao shan', 'BaoShanShi'])('finds 保山市 by %s', async (q) => {
    const res = await search(q);
    const inCity = (await request(t.app).get('/api/search').query({ city: '保山市' }).expect(200)).body.total;
    expect(res.total).toBe(inCity);
    expect(res.total).toBeGreaterThanOrEqual(seed().filter((c) => c.city === '保山市').length);
  });

  it('finds a district of a city by both names: Kunming Guandu', async () => {
    const res = await search('Kunming Guandu');
    expect(res.total).toBe(seed().filter((c) => c.city === '昆明市' && c.district === '官渡区').length);
    expect(res.total).toBeGreaterThan(0);
  });

  it('finds a named practice by its pinyin and by its English name', async () => {
    const fengqiao = seed().filter((c) => c.practices.some((p) => p.startsWith('枫桥')));
    expect(fengqiao.length).toBeGreaterThan(0);
    const byPinyin = await search('Fengqiao');
    expect(byPinyin.hits.map((h: { id: string }) => h.id).sort()).toEqual(fengqiao.map((c) => c.id).sort());
    const byEnglish = await search('fengqiao experience');
    expect(byEnglish.total).toBe(seed().filter((c) => c.practices.includes('枫桥经验')).length);
    expect((await search('"Sharp Eyes"')).total).toBe(seed().filter((c) => c.practices.includes('雪亮工程')).length);
  });
});

describe('why a hit matched', () => {
  it('says which theme an English word matched when the hit does not show it', async () => {
    const res = await request(t.app).get('/').query({ q: 'mediation', lang: 'en' }).expect(200);
    const $ = cheerio.load(res.text);
    const why = $('.hit .why, li .why').first().text();
    expect(why).toMatch(/Matched the theme 矛盾纠纷多元化解|Matched the theme .+ \(.*[Mm]ediation.*\)|Matched the practice .+\(.*mediation.*\)/);
  });

  it('says which city a pinyin word matched, in Chinese on Chinese pages', async () => {
    const $ = cheerio.load((await request(t.app).get('/').query({ q: 'Baoshan' }).expect(200)).text);
    expect($('.why').first().text()).toBe('匹配于城市 保山市 (Baoshan)');
  });
});

describe('English pages', () => {
  it('show places with their pinyin and practices with their English name beside the Chinese', async () => {
    const $ = cheerio.load((await request(t.app).get('/').query({ city: '保山市', lang: 'en' }).expect(200)).text);
    expect($('body').text()).toContain('保山市 Baoshan');
    const practices = cheerio.load((await request(t.app).get('/').query({ q: '枫桥经验', lang: 'en' }).expect(200)).text);
    expect(practices('body').text()).toContain('枫桥经验 Fengqiao Experience');
    const zh = cheerio.load((await request(t.app).get('/').query({ city: '保山市' }).expect(200)).text);
    expect(zh('body').text()).not.toContain('Baoshan');
  });
});
