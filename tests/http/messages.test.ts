// What a reader is told when a request cannot be shown: in the interface's language, with a way
// back that keeps the search.
import request from 'supertest';
import * as cheerio from 'cheerio';
import { startTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const enc = encodeURIComponent;
const page = async (url: string, status: number) => cheerio.load((await request(t.app).get(url).expect(status)).text);
const HAN = /[\u4e00-\u9fff]/;

describe('error messages', () => {
  it('tells a Chinese reader in Chinese what was wrong, and leads back to the same search without the bad parameter', async () => {
    const $ = await page(`/?q=${enc('调解')}&city=${enc('保山市')}&sort=x`, 400);
    expect($('html').attr('lang')).toBe('zh-CN');
    expect($('h1').text()).toBe('请求参数有误');
    const message = $('.error p').first().text();
    expect(message).toBe('参数「sort」只能是 relevance、date、-date、report、-report 之一（收到「x」）。');
    expect($('a.back').attr('href')).toBe(`/?q=${enc('调解')}&city=${enc('保山市')}`);
  });

  it('tells an English reader in English, and keeps the language on the way back', async () => {
    const $ = await page(`/?q=${enc('调解')}&per_page=1000&lang=en`, 400);
    expect($('.error p').first().text()).toBe('"per_page" must be a whole number from 1 to 100, written in digits (got "1000").');
    expect($('a.back').attr('href')).toBe(`/?q=${enc('调解')}&lang=en`);
  });

  it('has every kind of message in both languages: none of the Chinese ones is English, none of the English ones Chinese', async () => {
    const urls = [
      '/?page=0',
      '/?sort=x',
      '/?syn=2',
      '/?year=abc',
      `/?${Array.from({ length: 21 }, (_, i) => `city=c${i}`).join('&')}`,
      '/compare?view=x',
      '/figures?sort_by=x',
      '/docs/no-such-report',
      '/chunks/no-such-report-0123456789',
      '/no/such/page',
      '/docs/guandu-five-keywords?page=x',
    ];
    for (const url of urls) {
      const sep = url.includes('?') ? '&' : '?';
      const zh = (await request(t.app).get(url)).text;
      const en = (await request(t.app).get(`${url}${sep}lang=en`)).text;
      const zhMessage = cheerio.load(zh)('.error p').first().text();
      const enMessage = cheerio.load(en)('.error p').first().text();
      expect({ url, zh: HAN.test(zhMessage) && !/must be|Choose|No (page|report|measure)/.test(zhMessage) }).toEqual({ url, zh: true });
      expect({ url, en: /^[\x20-\x7e‘’“”…]+$/.test(enMessage.replace(/[\u4e00-\u9fff]+/g, '')) && enMessage.length > 10 }).toEqual({ url, en: true });
    }
  });

  it('answers 405 in the page language, with Allow', async () => {
    const res = await request(t.app).post('/?lang=en').expect(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(cheerio.load(res.text)('.error p').first().text()).toBe('POST is not allowed here; this address answers GET.');
    expect(
      cheerio
        .load((await request(t.app).post('/').expect(405)).text)('.error p')
        .first()
        .text(),
    ).toBe('此地址只接受 GET 请求（收到 POST）。');
  });

  it('treats invalid values alike: a year that is not a year is refused like page=0, never shown as a chip', async () => {
    for (const url of ['/?year=abc', '/?page=0']) {
      const $ = await page(url, 400);
      expect($('.chip').length).toBe(0);
    }
    await request(t.app).get('/api/search?year=abc').expect(400);
    await request(t.app).get('/api/search?year=2024').expect(200);
  });

  it('falls back to Chinese for a language it does not offer, rather than refusing the page', async () => {
    const res = await request(t.app)
      .get(`/?q=${enc('调解')}&lang=fr`)
      .expect(302);
    expect(res.headers.location).toBe(`/?q=${enc('调解')}`);
    const api = await request(t.app)
      .get(`/api/search?q=${enc('调解')}&lang=fr`)
      .expect(200);
    expect(api.body.total).toBeGreaterThan(0);
    const $ = await page('/docs?lang=fr', 200);
    expect($('html').attr('lang')).toBe('zh-CN');
  });

  it('gives API clients a stable code and an English message', async () => {
    const res = await request(t.app).get('/api/search?sort=x').expect(400);
    expect(res.body.error).toEqual({ status: 400, code: 'choice', message: '"sort" must be one of relevance, date, -date, report, -report (got "x").' });
    const gone = await request(t.app).get('/api/chunks/guandu-five-keywords-0000000000').expect(404);
    expect(gone.body.error.code).toBe('no-measure');
  });
});
