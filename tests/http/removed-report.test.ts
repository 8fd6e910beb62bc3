// A permalink to a measure of a removed report says the report was removed, and when, rather than
// that the chunking may have changed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import * as cheerio from 'cheerio';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { removedOnFrom } from '../../app/removed';
import { startTestApp, type TestApp } from '../helpers/app';
import { TAXONOMY_DIR } from '../helpers/corpus';

let t: TestApp;
let kept: string;
beforeAll(async () => {
  t = await startTestApp();
  kept = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-kept-'));
  fs.writeFileSync(path.join(kept, 'gone-report.md.2026-11-30T09-15-00-000Z'), '---\nid: gone-report\n---\n');
  fs.writeFileSync(path.join(kept, 'gone-report.md.2026-12-01T10-00-00-000Z'), '---\nid: gone-report\n---\n');
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(kept, { recursive: true, force: true });
});

const app = () => createApp(t.backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent', removedOn: removedOnFrom(kept) });

describe('measures of a removed report', () => {
  it('answer 404 saying the report was removed, and when, in both languages and in JSON', async () => {
    const zh = await request(app()).get('/chunks/gone-report-0123456789').expect(404);
    expect(cheerio.load(zh.text)('main').text()).toContain('所在的报告「gone-report」已于 2026-12-01 从知识库中移除');
    const en = await request(app()).get('/chunks/gone-report-0123456789?lang=en').expect(404);
    expect(cheerio.load(en.text)('main').text()).toContain('which was removed from the knowledge base on 2026-12-01');
    const json = await request(app()).get('/api/chunks/gone-report-0123456789').expect(404);
    expect(json.body.error.code).toBe('report-removed');
  });

  it('still say the chunking may have changed when the report is there or was never removed', async () => {
    const json = await request(app()).get('/api/chunks/never-here-0123456789').expect(404);
    expect(json.body.error.code).toBe('no-measure');
  });
});
