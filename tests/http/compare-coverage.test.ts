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

describe('coverage beside measures side by side and on a measure page', () => {
  const url = `/compare/measures?city=${encodeURIComponent('保山市')}&city=${encodeURIComponent('昆明市')}&theme=mediation`;

  it('names under each city of the side-by-side view the reports behind it, in the page and the JSON twin', async () => {
    const $ = cheerio.load((await request(t.app).get(url).expect(200)).text);
    const kunming = $('.city-column').eq(1);
    expect(kunming.find('h2 a').text()).toBe('昆明市 · 官渡区');
    const note = kunming.find('.coverage-note');
    const seedDoc = seedCorpus().docs.find((d) => d.city === '昆明市')!;
    expect(note.find('a').attr('href')).toBe(`/docs/${encodeURIComponent(seedDoc.id)}`);
    expect(note.text()).toContain('官渡区');
    const year = seedDoc.published!.slice(0, 4);
    expect(note.text()).toContain(year);
    expect($('.city-column').eq(0).find('.coverage-note').text()).toContain('全市');
    const body = (await request(t.app).get(url.replace('/compare/measures', '/api/compare/measures')).expect(200)).body;
    expect(body.coverage.map((c: { city: string }) => c.city)).toEqual(['保山市', '昆明市']);
    expect(body.coverage[1].districts).toEqual(['官渡区']);
    expect(body.coverage[1].reports[0]).toMatchObject({ id: seedDoc.id, district: '官渡区', year });
    // And in the CSV, beside each card of the city.
    const csv = (await request(t.app).get(url.replace('/compare/measures', '/compare/measures.csv')).query({ lang: 'en' }).expect(200)).text;
    const [header, ...lines] = csv
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(header.split(',').pop()).toBe('coverage');
    const kunmingLines = lines.filter((l) => l.startsWith('昆明市'));
    expect(kunmingLines.length).toBeGreaterThan(0);
    for (const l of kunmingLines) expect(l).toMatch(new RegExp(`官渡区 · [^,]*${year}`));
  });

  it('gives each city of "the same theme in other cities" its coverage on a measure page and in its JSON twin', async () => {
    const measure = seedCorpus().chunks.find((c) => c.city === '保山市' && c.kind === 'measure' && c.themes.includes('mediation'))!;
    const body = (
      await request(t.app)
        .get(`/api/chunks/${encodeURIComponent(measure.id)}`)
        .expect(200)
    ).body;
    const cities = [...new Set(body.related.map((r: { city: string }) => r.city))];
    expect(cities).toContain('昆明市');
    expect(body.coverage.map((c: { city: string }) => c.city)).toEqual(cities);
    const $ = cheerio.load(
      (
        await request(t.app)
          .get(`/chunks/${encodeURIComponent(measure.id)}`)
          .expect(200)
      ).text,
    );
    const kunming = $('.related li').filter((_, li) => $(li).find('.city').text() === '昆明市 · 官渡区');
    expect(kunming.length).toBe(1);
    const year = seedCorpus()
      .docs.find((d) => d.city === '昆明市')!
      .published!.slice(0, 4);
    expect(kunming.find('.coverage-note').text()).toMatch(new RegExp(`官渡区 · .*${year} · \\d+ 条`));
    for (const li of $('.related li').toArray()) expect($(li).find('.coverage-note').text()).toMatch(/\d+ 条/);
  });
});
