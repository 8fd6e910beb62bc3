// A long report is read page by page: its page stays small, its outline covers every page, and a
// measure's "in the report" link lands on the page that holds it.
import request from 'supertest';
import * as cheerio from 'cheerio';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { synthesize } from '../../bench/synthetic';
import { seedCorpus, TAXONOMY_DIR } from '../helpers/corpus';
import { testBackend, type TestBackend } from '../helpers/backend';

let t: TestBackend;
const long = synthesize(seedCorpus().chunks, 250, 250);
const app = () => createApp(t.backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent' });

beforeAll(async () => {
  t = testBackend('long');
  await t.backend.replaceAll(long.docs, long.chunks);
});
afterAll(async () => t.dispose());

it('shows a long report a hundred measures at a time, with an outline of every page and links that land on the right page', async () => {
  const id = long.docs[0].id;
  const first = cheerio.load((await request(app()).get(`/docs/${id}`).expect(200)).text);
  expect(first('section.block').length).toBe(100);
  expect(first('nav.pages a, nav.pages strong').first().text()).toBe('1');
  expect(first('nav.pages a').last().attr('href')).toBe(`/docs/${id}?page=3`);
  const third = cheerio.load((await request(app()).get(`/docs/${id}?page=3`).expect(200)).text);
  expect(third('section.block').length).toBe(50);
  expect(third('section.block').first().attr('id')).toBe(long.chunks[200].id);
  const measure = long.chunks[150];
  const page = cheerio.load((await request(app()).get(`/chunks/${measure.id}`).expect(200)).text);
  expect(page(`a[href="/docs/${id}?page=2#${measure.id}"]`).length).toBeGreaterThan(0);
  const api = (await request(app()).get(`/api/docs/${id}?page=2`).expect(200)).body;
  expect(api).toMatchObject({ page: 2, totalPages: 3 });
  expect(api.chunks).toHaveLength(100);
  await request(app()).get(`/docs/${id}?page=x`).expect(400);
});
