// A comparison says what it compares: beside the matrix, per city, the reports behind its counts
// (genre, year, districts, size), in the page, the JSON twin and the CSV; a row standing for one
// district says so.
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

describe('coverage beside the matrix', () => {
  it('lists in the JSON twin every city’s reports with genre, year, district and size', async () => {
    const body = (await request(t.app).get('/api/compare').expect(200)).body;
    const kunming = body.coverage.find((c: { city: string }) => c.city === '昆明市');
    expect(kunming.districts).toEqual(['官渡区']);
    const seedDocs = seedCorpus().docs.filter((d) => d.city === '昆明市');
    expect(kunming.reports.map((r: { id: string }) => r.id).sort()).toEqual(seedDocs.map((d) => d.id).sort());
    for (const r of kunming.reports) expect(r.chunks).toBeGreaterThan(0);
    expect(body.coverage.map((c: { city: string }) => c.city).sort()).toEqual(body.rows.map((r: { value: string }) => r.value).sort());
  });

  it('names the district a city row stands for, and shows the coverage on the page', async () => {
    const $ = cheerio.load((await request(t.app).get('/compare').expect(200)).text);
    expect($('th.row').text()).toContain('昆明市 · 官渡区');
    expect($('section.coverage li').length).toBeGreaterThan(1);
    expect($('section.coverage').text()).toContain('官渡区');
  });

  it('puts the coverage in the CSV beside each city', async () => {
    const res = await request(t.app).get('/compare.csv').query({ lang: 'en' }).expect(200);
    const [header, ...lines] = res.text
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(header.split(',').slice(0, 3)).toEqual(['city', 'province', 'total']);
    expect(header.split(',').pop()).toBe('coverage');
    expect(lines.find((l) => l.startsWith('昆明市'))).toMatch(/官渡区/);
  });
});
