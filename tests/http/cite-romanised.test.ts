// The romanised title in the citation files: RIS carries it as the translated title (TT), biblatex
// as titleaddon, the GB/T 7714 text as a romanised entry on its own line under the standard's entry.
// Pinyin only, with the report's English title in brackets where its front matter gives one
// (title_en): a temporary corpus gives one report a title_en. Read back with Citation.js (and the
// RIS and BibLaTeX importers of biblatex-csl-converter); the title in characters stays as it was.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Cite, plugins } from '@citation-js/core';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-bibtex';
import { parseRIS, BibLatexParser } from 'biblatex-csl-converter';
import type { Express } from 'express';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { listReportFiles, loadCorpus } from '../../indexer/corpus';
import type { Chunk, DocMeta } from '../../core/types';
import { REPORTS_DIR, TAXONOMY_DIR, testRules } from '../helpers/corpus';
import { testBackend, type TestBackend } from '../helpers/backend';

const ORIGIN = 'https://kb.example.org';
const EN = 'Ten Years of Baoshan: A High Score for Building a Safe Baoshan under the Rule of Law';
const BAOSHAN = 'baoshan-decade-press-conference';
const JINCHENG = 'jincheng-13th-five-year-review';
let dir: string;
let t: TestBackend;
let app: Express;
let docs: DocMeta[];
let chunks: Chunk[];

beforeAll(async () => {
  // The seed reports, one of them with an English title in its front matter.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cite-romanised-'));
  for (const file of listReportFiles(REPORTS_DIR)) {
    const text = fs.readFileSync(file, 'utf8');
    const name = path.basename(file);
    fs.writeFileSync(path.join(dir, name), name === `${BAOSHAN}.md` ? text.replace(/^city: /m, `title_en: "${EN}"\ncity: `) : text);
  }
  ({ docs, chunks } = loadCorpus(listReportFiles(dir), testRules(), dir));
  t = testBackend('cite-romanised');
  await t.backend.replaceAll(docs, chunks);
  app = createApp(t.backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent', publicUrl: ORIGIN });
});
afterAll(() => {
  t?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const doc = (id: string) => docs.find((d) => d.id === id)!;
const measureOf = (docId: string) => chunks.find((c) => c.docId === docId && c.kind === 'measure')!;
const get = async (url: string) => (await request(app).get(url).expect(200)).text;
/** The pinyin of the two titles, as core/pinyin.ts writes them (places capitalised, punctuation Latin). */
const BAOSHAN_PINYIN = '[Baoshan zhe shi nian] jiao chu ping an fa zhi Baoshan jian she gao fen da juan';
const JINCHENG_PINYIN = 'Jincheng Shi "shi san wu" zheng fa gong zuo hui gu';

type Csl = Record<string, unknown>;
const cslOf = (text: string): Csl[] => new Cite(text).data;
const risTag = (text: string, tag: string) => [...text.matchAll(new RegExp(`^${tag} {2}- (.*?)\\r?$`, 'gm'))].map((m) => m[1]);

describe('RIS', () => {
  it('carries the pinyin, with the English title where the report has one, as the translated title (TT)', async () => {
    expect(doc(BAOSHAN).titleEn).toBe(EN);
    const ris = await get(`/chunks/${measureOf(BAOSHAN).id}.ris`);
    expect(risTag(ris, 'TI')).toEqual([doc(BAOSHAN).title]);
    expect(risTag(ris, 'TT')).toEqual([`${BAOSHAN_PINYIN} [${EN}]`]);
    // Citation.js reads TT as the title a reader of English is given, and the title in characters as the original.
    const [csl] = cslOf(ris);
    expect(csl.title).toBe(`${BAOSHAN_PINYIN} [${EN}]`);
    expect(csl['original-title']).toBe(doc(BAOSHAN).title);
    // Another RIS reader still finds the title in characters where it was.
    const parsed = parseRIS(ris);
    expect(parsed.errors).toEqual([]);
    const title = Object.values(parsed.entries)[0].fields.title as { text: string }[];
    expect(title.map((n) => n.text).join('')).toBe(doc(BAOSHAN).title);
  });

  it('gives pinyin only where the report has no English title, in every record of a result set', async () => {
    const ris = await get(encodeURI('/search.ris?q=调解'));
    const records = cslOf(ris);
    expect(records.length).toBeGreaterThan(2);
    for (const r of records) {
      const d = doc(String(r.id));
      expect(r['original-title']).toBe(d.title);
      if (d.titleEn) expect(String(r.title).endsWith(` [${d.titleEn}]`)).toBe(true);
      else expect(r.title).not.toContain(EN);
    }
    expect(records.find((r) => r.id === JINCHENG)?.title).toBe(JINCHENG_PINYIN);
    expect(records.some((r) => /\[Ten Years/.test(String(r.title)))).toBe(true);
  });
});

describe('BibTeX', () => {
  const entriesOf = (bib: string) =>
    plugins.input.chainLink(bib, { target: '@biblatex/entries+list' }) as { label: string; properties: Record<string, string> }[];

  it('puts the romanised title in titleaddon, which biblatex styles print after the title; the title stays in characters', async () => {
    const bib = await get(`/chunks/${measureOf(BAOSHAN).id}.bib`);
    const [entry] = entriesOf(bib);
    expect(entry.properties.title).toBe(doc(BAOSHAN).title);
    // Citation.js keeps the capitals of the English title in braces, as BibTeX protects them.
    expect(entry.properties.titleaddon.replace(/[{}]/g, '')).toBe(`${BAOSHAN_PINYIN} [${EN}]`);
    expect(entry.properties.origtitle).toBeUndefined();
    expect(cslOf(bib)[0].title).toBe(doc(BAOSHAN).title);
    const parsed = new BibLatexParser(bib).parse();
    expect(parsed.errors).toEqual([]);
    const fields = Object.values(parsed.entries)[0].fields as Record<string, { text: string }[]>;
    expect(fields.titleaddon.map((n) => n.text).join('')).toBe(`${BAOSHAN_PINYIN} [${EN}]`);
  });

  it('gives each record of a selection its own, pinyin only without an English title', async () => {
    const ids = [measureOf(JINCHENG).id, measureOf(BAOSHAN).id];
    const entries = entriesOf(await get(`/selection.bib?id=${ids.join('&id=')}`));
    expect(entries.map((e) => e.properties.title)).toEqual([doc(JINCHENG).title, doc(BAOSHAN).title]);
    expect(entries[0].properties.titleaddon.replace(/[{}]/g, '')).toBe(JINCHENG_PINYIN);
    expect(entries[1].properties.titleaddon.replace(/[{}]/g, '')).toContain(`[${EN}]`);
  });
});

describe('GB/T 7714 text', () => {
  it('keeps the standard’s entry as it was and gives the romanised entry on a line of its own under it', async () => {
    const c = measureOf(BAOSHAN);
    const lines = (await get(`/chunks/${c.id}.txt`)).split('\n');
    expect(lines[0]).toMatch(
      /^\[1\] 佚名\. 【保山这十年】交出平安法治保山建设高分答卷\[EB\/OL\]\. \(\[2022-06-27\]\)\[\d{4}-\d{2}-\d{2}\]\. https:\/\/kb\.example\.org\/chunks\//,
    );
    expect(lines[0]).not.toContain('Baoshan');
    expect(lines[1]).toMatch(
      new RegExp(
        `^ {4}拼音著录: Anon\\. ${BAOSHAN_PINYIN.replace(/[[\]]/g, '\\$&')} \\[${EN}\\] 【保山这十年】交出平安法治保山建设高分答卷\\. \\[2022-06-27\\]\\. https://kb\\.example\\.org/chunks/${c.id}\\. Accessed `,
      ),
    );
    expect(lines[2]).toBe(`    章节: ${c.title}`);
  });

  it('gives a report’s romanised entry once, with the report’s address, in a result set', async () => {
    const txt = await get(encodeURI('/search.txt?q=调解'));
    const entries = txt.match(/^\[\d+\] .*$/gm)!;
    const romanised = txt.match(/^ {4}拼音著录: .*$/gm)!;
    expect(romanised).toHaveLength(entries.length);
    const jincheng = romanised.find((l) => l.includes(JINCHENG_PINYIN));
    expect(jincheng).toContain(`${ORIGIN}/docs/${JINCHENG}.`);
    expect(jincheng).toContain('Gao Jinlong.');
  });
});
