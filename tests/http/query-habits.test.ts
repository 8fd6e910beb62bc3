// Researchers type as they do elsewhere: enumeration commas, |, AND/NOT, lower-case or, near
// misses. The page says how it read the query and offers what it probably meant, with counts.
import request from 'supertest';
import * as cheerio from 'cheerio';
import { startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const api = async (q: string) => (await request(t.app).get('/api/search').query({ q }).expect(200)).body;
const total = async (q: string) => (await api(q)).total as number;

describe('how a query is read', () => {
  it('reads 、 and | as AND and OR, and says so on the page in both languages', async () => {
    expect(await total('调解、网格')).toBe(await total('调解 网格'));
    expect(await total('调解|网格')).toBe(await total('调解 OR 网格'));
    expect((await api('调解、网格')).query.read).toEqual({ groups: [['调解'], ['网格']], exclude: [] });
    expect((await api('调解 网格')).query.read).toBeNull();
    const zh = cheerio.load((await request(t.app).get('/').query({ q: '调解、网格' }).expect(200)).text);
    expect(zh('.notice').text()).toContain('按 调解 且 网格 检索');
    const en = cheerio.load((await request(t.app).get('/').query({ q: '调解|网格 NOT 法院', lang: 'en' }).expect(200)).text);
    expect(en('.notice').text()).toContain('was read as (调解 OR 网格) AND NOT 法院');
  });

  it('offers OR for a lower-case or between Chinese words, with its count', async () => {
    const help = (await api('调解 or 网格')).help;
    const hint = help.suggestions.find((s: { kind: string }) => s.kind === 'operator');
    expect(hint).toMatchObject({ subject: 'OR', count: await total('调解 OR 网格') });
  });

  it.each([
    ['网格圆', '网格员'],
    ['调节', '调解'],
  ])('offers the word the corpus has for the near miss %s', async (typed, meant) => {
    const res = await api(typed);
    const spelling = res.help.suggestions.filter((s: { kind: string }) => s.kind === 'spelling');
    expect(spelling.map((s: { subject: string }) => s.subject)).toContain(meant);
    const hit = spelling.find((s: { subject: string }) => s.subject === meant);
    expect(hit.count).toBe(await total(meant));
    expect(hit.count).toBeGreaterThan(res.total);
  });
});

describe('searching within results', () => {
  it('says that a new query keeps the filters, and keeps them', async () => {
    const page = cheerio.load((await request(t.app).get('/').query({ q: '调解', city: '保山市' }).expect(200)).text);
    expect(page('#refine-note').text()).toBe('结果中检索：新的检索词保留当前 1 项筛选。');
    expect(page('form.search input[type=checkbox][name=city][value="保山市"]').attr('checked')).toBeDefined();
    const none = cheerio.load((await request(t.app).get('/').query({ q: '调解' }).expect(200)).text);
    expect(none('#refine-note')).toHaveLength(0);
  });
});
