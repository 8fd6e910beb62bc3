// A result set or a selection exported for a reference manager holds one record per report (the
// work a library keeps), the measures cited from it in notes; per=measure one record per measure.
// No record invents an author; an issuing organisation stands in as a corporate author; a record
// names the original address where it is known and otherwise says it cites this knowledge base's
// copy. Read back with parsers of other projects.
import request from 'supertest';
import { parseRIS, BibLatexParser } from 'biblatex-csl-converter';
import { parse as astrociteRis } from 'astrocite-ris';
import type { Express } from 'express';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import type { DocMeta } from '../../core/types';
import { seedCorpus, TAXONOMY_DIR } from '../helpers/corpus';
import { testBackend, type TestBackend } from '../helpers/backend';

const ORIGIN = 'https://kb.example.org';
const ORIGINAL = 'http://www.baoshan.gov.cn/info/1.html';
const { docs, chunks } = seedCorpus();
// Two reports changed: one with its original address known, one issued by an organisation.
const edited: DocMeta[] = docs.map((d) =>
  d.id === 'baoshan-decade-press-conference' ? { ...d, url: ORIGINAL } : d.id === 'guandu-five-keywords' ? { ...d, publisher: '官渡区委政法委' } : d,
);
let t: TestBackend;
let app: Express;

beforeAll(async () => {
  t = testBackend('cite-works');
  await t.backend.replaceAll(edited, chunks);
  app = createApp(t.backend, loadLabels(TAXONOMY_DIR), { logLevel: 'silent', publicUrl: ORIGIN });
});
afterAll(() => t?.dispose());

/** The records of an RIS file, each as its tag lines. */
function risRecords(ris: string): string[][] {
  return ris
    .split(/^ER {2}- *\r?$/m)
    .map((r) => r.split(/\r?\n/).filter(Boolean))
    .filter((r) => r.length);
}
const tag = (record: string[], name: string) => record.filter((l) => l.startsWith(`${name}  - `)).map((l) => l.slice(6));

async function hitsOf(q: string): Promise<{ id: string; docId: string }[]> {
  return (
    await request(app)
      .get(`/api/search?q=${encodeURIComponent(q)}&per_page=100`)
      .expect(200)
  ).body.hits;
}

describe('a result set', () => {
  it('gives one RIS record per report, with a note for each measure naming its section and permalink', async () => {
    const hits = await hitsOf('调解');
    const reports = [...new Set(hits.map((h) => h.docId))];
    expect(hits.length).toBeGreaterThan(reports.length);
    const res = await request(app).get(encodeURI('/search.ris?q=调解')).expect(200);
    const records = risRecords(res.text);
    expect(records.map((r) => tag(r, 'ID')[0])).toEqual(reports);
    expect(Object.values(parseRIS(res.text).entries)).toHaveLength(reports.length);
    expect(astrociteRis(res.text)).toHaveLength(reports.length);
    for (const r of records) {
      const id = tag(r, 'ID')[0];
      const notes = tag(r, 'N1');
      for (const h of hits.filter((x) => x.docId === id))
        expect(notes.some((n) => n.startsWith('章节: ') && n.endsWith(`${ORIGIN}/chunks/${h.id}`))).toBe(true);
    }
    // per=measure: one record a measure, keyed by its id.
    const each = risRecords((await request(app).get(encodeURI('/search.ris?q=调解&per=measure')).expect(200)).text);
    expect(each.map((r) => tag(r, 'ID')[0])).toEqual(hits.map((h) => h.id));
  });

  it('never writes 佚名 as an author in RIS or BibTeX; an organisation is a corporate author (RIS A2, BibTeX in double braces)', async () => {
    for (const per of ['', '&per=measure']) {
      const ris = (
        await request(app)
          .get(encodeURI(`/search.ris?q=调解${per}`))
          .expect(200)
      ).text;
      const bib = (
        await request(app)
          .get(encodeURI(`/search.bib?q=调解${per}`))
          .expect(200)
      ).text;
      expect(ris).not.toContain('佚名');
      expect(bib).not.toContain('佚名');
      for (const r of risRecords(ris)) {
        const doc = edited.find((d) => tag(r, 'ID')[0].startsWith(d.id)) as DocMeta;
        expect(tag(r, 'AU')).toEqual(doc.author ? [doc.author] : []);
        expect(tag(r, 'A2')).toEqual(doc.id === 'guandu-five-keywords' ? ['官渡区委政法委'] : []);
      }
      for (const csl of astrociteRis(ris)) expect(JSON.stringify(csl.author ?? [])).not.toContain('佚名');
      expect(bib).toContain('author = {{官渡区委政法委}}');
      const parsed = new BibLatexParser(bib).parse();
      expect(parsed.errors).toEqual([]);
      const authors = Object.values(parsed.entries).map((e) => JSON.stringify(e.fields.author ?? null));
      expect(authors.filter((a) => a.includes('官渡区委政法委')).length).toBeGreaterThan(0);
    }
  });

  it('gives one GB/T 7714 entry per report, keeping 佚名, with each measure’s section and permalink beneath', async () => {
    const hits = await hitsOf('调解');
    const txt = (await request(app).get(encodeURI('/search.txt?q=调解')).expect(200)).text;
    const entries = txt.match(/^\[\d+\] .*$/gm) as string[];
    expect(entries).toHaveLength(new Set(hits.map((h) => h.docId)).size);
    expect(entries.some((e) => e.startsWith('[2] 佚名. “五大关键字”'))).toBe(true);
    for (const h of hits) expect(txt).toMatch(new RegExp(`^ {4}章节: .+ ${ORIGIN}/chunks/${h.id}$`, 'm'));
  });
});

describe('the address cited', () => {
  it('is the original publication where it is known, and this knowledge base’s copy, said so, where it is not', async () => {
    const txt = (await request(app).get(encodeURI('/search.txt?q=调解')).expect(200)).text;
    const entries = txt.match(/^\[\d+\] .*$/gm) as string[];
    const baoshan = entries.find((e) => e.includes('保山这十年')) as string;
    expect(baoshan).toMatch(new RegExp(`\\. ${ORIGINAL.replace(/\./g, '\\.')}\\.$`));
    for (const e of entries.filter((x) => x !== baoshan)) expect(e).toMatch(/\. https:\/\/kb\.example\.org\/docs\/[a-z0-9-]+\. 知识库副本（原始地址不详）\.$/);
    const ris = risRecords((await request(app).get(encodeURI('/search.ris?q=调解')).expect(200)).text);
    for (const r of ris) {
      const original = tag(r, 'ID')[0] === 'baoshan-decade-press-conference';
      expect(tag(r, 'UR')).toEqual([original ? ORIGINAL : `${ORIGIN}/docs/${tag(r, 'ID')[0]}`]);
      expect(tag(r, 'N1').some((n) => n.includes('知识库副本'))).toBe(!original);
    }
  });

  it('is the same for one measure and a selection', async () => {
    const own = chunks.find((c) => c.docId === 'baoshan-decade-press-conference' && c.kind === 'measure')!;
    const copy = chunks.find((c) => c.docId === 'jiayuguan-innovation-feature' && c.kind === 'measure')!;
    const one = risRecords((await request(app).get(`/chunks/${own.id}.ris`).expect(200)).text);
    expect(tag(one[0], 'UR')).toEqual([ORIGINAL]);
    expect(tag(one[0], 'N1')[0]).toContain(`本库链接: ${ORIGIN}/chunks/${own.id}`);
    const sel = (await request(app).get(`/selection.txt?id=${own.id}&id=${copy.id}`).expect(200)).text;
    expect(sel).toContain(`${ORIGINAL}.\n`);
    expect(sel).toContain(`${ORIGIN}/docs/jiayuguan-innovation-feature. 知识库副本（原始地址不详）.\n`);
    const selEach = risRecords((await request(app).get(`/selection.ris?id=${own.id}&id=${copy.id}&per=measure`).expect(200)).text);
    expect(selEach.map((r) => tag(r, 'ID')[0])).toEqual([own.id, copy.id]);
  });
});
