// Parameters no reader would send: every route answers them with a page or a clear 4xx, never a
// 5xx; methods other than GET get 405; headers cannot forge the address permalinks are built on.
import request from 'supertest';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../helpers/app';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { TAXONOMY_DIR } from '../helpers/corpus';

let t: TestApp;
beforeAll(async () => (t = await startTestApp()));
afterAll(async () => t.close());

const ROUTES = [
  '/',
  '/api/search',
  '/api/facets',
  '/search.csv',
  '/compare',
  '/api/compare',
  '/compare.csv',
  '/compare/measures',
  '/api/compare/measures',
  '/figures',
  '/api/figures',
  '/figures.csv',
  '/docs',
  '/api/docs',
  '/selection',
  '/api/selection',
  '/selection.csv',
];
const KEYS = [
  'q',
  'city',
  'province',
  'district',
  'agency',
  'theme',
  'practice',
  'year',
  'doc',
  'kind',
  'sort',
  'syn',
  'page',
  'per_page',
  'lang',
  'view',
  'label',
  'unit',
  'order',
  'id',
];
const PROTOTYPE_NAMES = ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty', 'prototype', '__defineGetter__', 'then'];

const value = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer().map(String),
  fc.constantFrom('', '-1', '1e9', '0', 'NaN'),
);
const param = fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.constantFrom(...PROTOTYPE_NAMES), fc.string({ maxLength: 8 })), value);

describe('hostile parameters', () => {
  it('never get a 5xx from any route (random and prototype-named keys and values)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.array(param, { maxLength: 6 }), async (route, params) => {
        const qs = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const res = await request(t.app).get(`${route}?${qs}`);
        expect({ route, qs, status: res.status }).toEqual({ route, qs, status: expect.any(Number) });
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 250 },
    );
  });

  it.each(PROTOTYPE_NAMES)('answers view=%s on the matrix with 400 and a message', async (name) => {
    for (const route of ['/compare', '/api/compare', '/compare.csv']) {
      const res = await request(t.app).get(`${route}?view=${name}`);
      expect(res.status).toBe(400);
    }
  });

  it('refuses more than 1,000 parameters instead of silently ignoring the rest', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `city=c${i}`).join('&');
    const res = await request(t.app).get(`/api/search?${many}`).expect(400);
    expect(res.body.error.message).toMatch(/Too many parameters/);
  });

  it('answers other methods on read-only addresses with 405 and Allow', async () => {
    for (const method of ['post', 'put', 'delete', 'patch'] as const) {
      const res = await request(t.app)[method]('/api/search');
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD');
    }
    await request(t.app).post('/chunks/x').expect(405);
  });
});

describe('the address of permalinks', () => {
  const chunkId = async () => (await request(t.app).get('/api/search?q=%E8%B0%83%E8%A7%A3&per_page=1')).body.hits[0].id as string;

  it('does not take a forged Host or X-Forwarded-Proto', async () => {
    const id = await chunkId();
    const csv = await request(t.app).get('/search.csv?q=%E8%B0%83%E8%A7%A3').set('Host', 'evil.example/"><script>').set('X-Forwarded-Proto', 'javascript');
    expect(csv.text).not.toMatch(/javascript:|evil\.example\/"/);
    const page = await request(t.app).get(`/chunks/${id}`).set('X-Forwarded-Proto', 'javascript').set('X-Forwarded-Host', 'evil.example');
    expect(page.text).not.toMatch(/javascript:\/\/|evil\.example/);
  });

  it('uses the configured public address when there is one', async () => {
    const app = createApp(t.backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent', publicUrl: 'https://kb.example.org' });
    const id = await chunkId();
    const page = await request(app).get(`/chunks/${id}`).set('Host', 'other.example');
    expect(page.text).toContain(`https://kb.example.org/chunks/${id}`);
    expect(page.text).not.toContain('other.example');
  });
});
