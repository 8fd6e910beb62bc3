// Hits one can tell apart: every measure's title (its section and its own lead words or number) in
// the results, the JSON hits, the chunk API, the CSV and its citations.
import request from 'supertest';
import * as cheerio from 'cheerio';
import type { Express } from 'express';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { seedCorpus, TAXONOMY_DIR } from '../helpers/corpus';
import { testBackend, type TestBackend } from '../helpers/backend';

const { docs, chunks } = seedCorpus();
let t: TestBackend;
let app: Express;

beforeAll(async () => {
  t = testBackend('cite-titles');
  await t.backend.replaceAll(docs, chunks);
  app = createApp(t.backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent', publicUrl: 'https://kb.example.org' });
});
afterAll(() => t?.dispose());

describe('titles', () => {
  it('tell the first hits for 法律援助 apart on the results page, with the query marked', async () => {
    const $ = cheerio.load((await request(app).get(encodeURI('/?q=法律援助')).expect(200)).text);
    const shown = $('.hit h2')
      .map((_i, h) => $(h).text())
      .get();
    expect(shown.length).toBeGreaterThan(3);
    expect(new Set(shown).size).toBe(shown.length);
    expect($('.hit h2 mark').first().text()).toBe('法律援助');
  });

  it('come with every hit in JSON and with the chunk API, as the index stored them', async () => {
    const hits = (await request(app).get(encodeURI('/api/search?q=法律援助')).expect(200)).body.hits as { id: string; title: string }[];
    for (const h of hits) expect(h.title).toBe(chunks.find((c) => c.id === h.id)?.title);
    const c = chunks.find((x) => x.kind === 'measure')!;
    expect((await request(app).get(`/api/chunks/${c.id}`).expect(200)).body.chunk.title).toBe(c.title);
  });

  it('name the measure in the CSV and in its citation’s section', async () => {
    const csv = (await request(app).get(encodeURI('/search.csv?q=法律援助')).expect(200)).text.replace(/^\ufeff/, '');
    const rows = csv.split('\r\n').slice(1).filter(Boolean);
    const c = chunks.find((x) => x.id === rows[0].split(',')[0])!;
    expect(rows[0]).toContain(c.title);
    const txt = (await request(app).get(`/chunks/${c.id}.txt`).expect(200)).text;
    // Under the entry and its romanised twin.
    expect(txt.split('\n')[2]).toBe(`    章节: ${c.title}`);
  });
});
