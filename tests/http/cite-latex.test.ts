// BibTeX that LaTeX reads as written: a %, &, #, _, $, brace or backslash in a report's title or a
// section heading is escaped in every free-text field (a bare % would comment out the rest of the
// line), and the URL stays as it is. A temporary corpus gives one report such a title and heading;
// the download is read back with Citation.js and biblatex-csl-converter to the same text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import { BibLatexParser } from 'biblatex-csl-converter';
import type { Express } from 'express';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { listReportFiles, loadCorpus } from '../../indexer/corpus';
import type { Chunk } from '../../core/types';
import { REPORTS_DIR, TAXONOMY_DIR, testRules } from '../helpers/corpus';
import { testBackend, type TestBackend } from '../helpers/backend';

const ORIGIN = 'https://kb.example.org';
const JINCHENG = 'jincheng-13th-five-year-review';
const SPECIAL = '50% & 第#1_项 {x}';
const TITLE = `晋城市${SPECIAL}政法工作回顾 a\\b $5`;
const HEADING = `主动作为 ${SPECIAL}`;
let dir: string;
let t: TestBackend;
let app: Express;
let chunks: Chunk[];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cite-latex-'));
  const text = fs.readFileSync(path.join(REPORTS_DIR, `${JINCHENG}.md`), 'utf8');
  const edited = text.replace(/^title: .*$/m, `title: ${JSON.stringify(TITLE)}`).replace(/^主动作为 护航高质量发展$/m, `## ${HEADING}`);
  expect(edited).toContain(HEADING);
  fs.writeFileSync(path.join(dir, `${JINCHENG}.md`), edited);
  let docs;
  ({ docs, chunks } = loadCorpus(listReportFiles(dir), testRules(), dir));
  expect(docs.map((d) => d.title)).toEqual([TITLE]);
  t = testBackend('cite-latex');
  await t.backend.replaceAll(docs, chunks);
  app = createApp(t.backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent', publicUrl: ORIGIN });
});
afterAll(() => {
  t?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const get = async (url: string) => (await request(app).get(url).expect(200)).text;
/** A measure under the heading with the special characters. */
const measure = () => chunks.find((c) => c.kind === 'measure' && c.sectionPath.join(' ').includes(SPECIAL))!;

/** The raw value of a field as written, between `field = {` and the `},` that ends its line. */
const rawField = (bib: string, field: string) => [...bib.matchAll(new RegExp(`^\\s*${field} = \\{(.*)\\},?$`, 'gm'))].map((m) => m[1]);
/** A LaTeX special character not preceded by a backslash. */
const UNESCAPED = /(^|[^\\])[%&#_]/;

describe('BibTeX of a title and heading holding LaTeX special characters', () => {
  it('reads back to the same title and note, with the special characters of every text field escaped', async () => {
    expect(measure()).toBeDefined();
    // A measure's own record, and its report's record in a selection (per work), which cites it in a note.
    const other = chunks.find((c) => c.kind === 'measure' && c.id !== measure().id)!;
    for (const url of [`/chunks/${measure().id}.bib`, `/selection.bib?id=${measure().id}&id=${other.id}&per=work`]) {
      const bib = await get(url);
      // (i) Read back, the title is the report's, and the note names the heading as it is.
      const [csl] = new Cite(bib).data as Record<string, unknown>[];
      expect(csl.title).toBe(TITLE);
      expect(String(csl.note)).toContain(HEADING);
      // Another BibLaTeX reader agrees, without an error.
      const parsed = new BibLatexParser(bib).parse();
      expect(parsed.errors).toEqual([]);
      const fields = Object.values(parsed.entries)[0].fields as Record<string, { text: string }[]>;
      expect(fields.title.map((n) => n.text).join('')).toBe(TITLE);
      // (ii) In the file itself, no %, &, # or _ stands bare in a text field.
      const raw = { title: rawField(bib, 'title'), note: rawField(bib, 'note'), titleaddon: rawField(bib, 'titleaddon') };
      expect(raw.title).toHaveLength(1);
      expect(raw.note).toHaveLength(1);
      for (const [field, values] of Object.entries(raw)) for (const v of values) expect([field, UNESCAPED.test(v)]).toEqual([field, false]);
      expect(raw.title[0]).toContain('50\\% \\& 第\\#1\\_项 \\{x\\}');
      expect(raw.title[0]).toContain('a\\textbackslash{}b \\$5');
      expect(raw.note[0]).toContain('50\\% \\& 第\\#1\\_项 \\{x\\}');
      // The URL is written as it is, as biblatex reads it verbatim.
      expect(rawField(bib, 'url')[0]).not.toContain('\\');
    }
  });
});
