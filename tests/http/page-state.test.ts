// Every page's state lives in its address, written and read by one module (server/url-state.ts):
// the matrix's view and cells and the figures' label and order survive an error page's way back,
// and forms carry the rest of the state as hidden fields built the same way.
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

const backLink = async (url: string) => {
  const res = await request(t.app).get(url).expect(400);
  const $ = cheerio.load(res.text);
  return $('a.back, main a').first().attr('href') ?? '';
};

describe('page state in the address', () => {
  it('leads back from a bad cells= to the same matrix view, in English', async () => {
    const back = await backLink('/compare?q=调解&view=agency-city&cells=weird&lang=en');
    expect(back).toBe(`/compare?q=${encodeURIComponent('调解')}&view=agency-city&lang=en`);
  });

  it('leads back from a bad order= to the same figures, keeping their label and sorting', async () => {
    const back = await backLink(`/figures?city=${encodeURIComponent('保山市')}&label=${encodeURIComponent('网格')}&sort_by=city&order=sideways`);
    expect(back).toBe(`/figures?city=${encodeURIComponent('保山市')}&label=${encodeURIComponent('网格')}&sort_by=city`);
  });

  it('keeps the search form’s other state in hidden fields in canonical order', async () => {
    const res = await request(t.app)
      .get(`/?q=${encodeURIComponent('调解')}&kind=measure&sort=date&syn=0&per_page=50&lang=en`)
      .expect(200);
    const $ = cheerio.load(res.text);
    const hidden = $('form[role="search"] input[type="hidden"], form.search input[type="hidden"]')
      .toArray()
      .map((el) => `${$(el).attr('name')}=${$(el).attr('value')}`);
    expect(hidden).toEqual(['kind=measure', 'sort=date', 'syn=0', 'per_page=50', 'lang=en']);
  });

  it('carries the other filters of the matrix into the side-by-side form, without city and theme', async () => {
    const res = await request(t.app).get('/compare').query({ q: '调解', agency: '法院', city: '保山市', lang: 'en' }).expect(200);
    const $ = cheerio.load(res.text);
    const hidden = $('form.pick-cities input[type="hidden"]')
      .toArray()
      .map((el) => `${$(el).attr('name')}=${$(el).attr('value')}`);
    expect(hidden).toEqual(['q=调解', 'agency=法院', 'lang=en']);
  });
});

describe('permalinks without PUBLIC_URL', () => {
  it('vary by Host, since they name the host each request came to', async () => {
    const res = await request(t.app).get('/').query({ q: '调解' }).expect(200);
    expect(String(res.headers.vary)).toMatch(/\bHost\b/);
  });
});
