import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';
import { seedCorpus } from '../helpers/corpus';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const enc = encodeURIComponent;

describe('JSON API', () => {
  it('answers /api/search in the documented shape', async () => {
    const res = await request(t.app)
      .get(`/api/search?q=${enc('调解')}&city=${enc('保山市')}&per_page=5`)
      .expect(200)
      .expect('Content-Type', /json/);
    const body = res.body;
    expect(body.query).toEqual({ q: '调解', scope: null, filters: { city: ['保山市'] }, sort: 'relevance', synonyms: true, page: 1, perPage: 5, read: null });
    expect(body).toMatchObject({ page: 1, perPage: 5 });
    expect(body.totalPages).toBe(Math.ceil(body.total / 5));
    expect(typeof body.tookMs).toBe('number');
    const hit = body.hits[0];
    for (const k of [
      'id',
      'url',
      'docId',
      'docTitle',
      'heading',
      'headingHtml',
      'sectionPath',
      'kind',
      'city',
      'province',
      'agencies',
      'themes',
      'practices',
      'year',
      'snippetHtml',
    ])
      expect(hit).toHaveProperty(k);
    expect(hit.url).toBe(`/chunks/${hit.id}`);
    expect(Object.keys(body.facets).sort()).toEqual(['agency', 'city', 'district', 'practice', 'province', 'theme', 'year']);
    const cities = body.facets.city as { value: string; count: number; selected: boolean }[];
    // Disjunctive: the other cities are still counted.
    expect(cities.length).toBeGreaterThan(1);
    expect(cities.find((c) => c.value === '保山市')).toMatchObject({ selected: true, count: body.total });
    expect(cities.map((c) => c.count)).toEqual([...cities.map((c) => c.count)].sort((a, b) => b - a));
  });

  it('gives the last page when asked for a page past the end', async () => {
    const res = await request(t.app)
      .get(`/api/search?q=${enc('调解')}&page=999`)
      .expect(200);
    expect(res.body.page).toBe(res.body.totalPages);
    expect(res.body.hits.length).toBeGreaterThan(0);
  });

  it('answers bad parameters with 400 and a message, never 500', async () => {
    for (const [qs, code] of [
      ['page=0', 'number'],
      ['page=x', 'number'],
      ['sort=nonsense', 'choice'],
      ['per_page=-3', 'number'],
      ['year=abc', 'year'],
    ]) {
      const res = await request(t.app).get(`/api/search?${qs}`).expect(400);
      expect(res.body.error.message).toMatch(/page|sort|per_page|year/);
      expect(res.body.error.code).toBe(code);
    }
    const many = Array.from({ length: 30 }, (_, i) => `city=c${i}`).join('&');
    await request(t.app).get(`/api/search?${many}`).expect(400);
  });

  it('answers hostile queries without an error', async () => {
    for (const q of ['"', 'NEAR(', '\\', '%', '<script>', '😀', 'x'.repeat(5000), '%E0%A4%A']) {
      await request(t.app)
        .get(`/api/search?q=${enc(q)}`)
        .expect(200);
    }
  });

  it('serves a measure, a report, the report list and facets', async () => {
    const c = seedCorpus().chunks[10];
    const chunk = await request(t.app).get(`/api/chunks/${c.id}`).expect(200);
    expect(chunk.body.chunk).toEqual(c);
    expect(chunk.body.doc.id).toBe(c.docId);
    const doc = await request(t.app).get(`/api/docs/${c.docId}`).expect(200);
    expect(doc.body.chunks.map((x: { id: string }) => x.id)).toContain(c.id);
    const docs = await request(t.app).get('/api/docs').expect(200);
    expect(docs.body.docs).toHaveLength(6);
    const facets = await request(t.app)
      .get(`/api/facets?q=${enc('网格员')}`)
      .expect(200);
    expect(facets.body.facets.city).toHaveLength(5);
  });

  it('answers 404 in JSON for unknown measures, reports and routes', async () => {
    const res = await request(t.app).get('/api/chunks/guandu-five-keywords-0000000000').expect(404);
    expect(res.body.error.message).toMatch(/guandu-five-keywords/);
    await request(t.app).get('/api/docs/nope').expect(404);
    await request(t.app).get('/api/nope').expect(404).expect('Content-Type', /json/);
  });

  it('reports health with counts', async () => {
    const res = await request(t.app).get('/healthz').expect(200);
    expect(res.body).toMatchObject({ ok: true, backend: t.backend.name, chunks: seedCorpus().chunks.length + 3 });
    expect(res.body.builtAt).toMatch(/^\d{4}-/);
  });
});

describe('CSV export', () => {
  it('exports the whole result set with permalinks, as UTF-8 with a BOM', async () => {
    const api = await request(t.app).get(`/api/search?q=${enc('调解')}`);
    const res = await request(t.app)
      .get(`/search.csv?q=${enc('调解')}`)
      .expect(200)
      .expect('Content-Type', /text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const lines = res.text.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('编号,链接,标题,报告,章节,类型,省份,城市,区县,部门,部门全称,主题,做法,发言人,报告日期,引用（GB/T 7714）,正文');
    const rows = res.text.slice(1).match(/\r\n[a-z0-9-]+-[0-9a-f]{10},/g) ?? [];
    expect(rows).toHaveLength(api.body.total);
    expect(res.text).toMatch(/http:\/\/127\.0\.0\.1:\d+\/chunks\/[a-z0-9-]+/);
  });
});
