import { parseReport, decodeReport, ReportError } from '../../indexer/read';
import { loadCorpus } from '../../indexer/corpus';
import { testRules, FIXTURES_DIR, REPORTS_DIR } from '../helpers/corpus';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ReportError) return err.reason;
    throw err;
  }
  return null;
};

describe('reading report files', () => {
  it('reads YAML front matter and the body as published', () => {
    const r = parseReport('a.md', '---\nid: a-report\ntitle: 标题\ncity: 保山市\npublished: 2022-06-27\ngenre: review\n---\n正文第一段。\n');
    expect(r.meta).toMatchObject({ id: 'a-report', title: '标题', city: '保山市', published: '2022-06-27', genre: 'review' });
    expect(r.body).toBe('正文第一段。\n');
  });

  it('explains what is wrong with a bad file', () => {
    expect(reason(() => decodeReport('x.md', Buffer.alloc(0)))).toMatch(/empty/);
    expect(reason(() => decodeReport('x.md', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01])))).toMatch(/binary/);
    expect(reason(() => decodeReport('x.md', Buffer.from([0xe4, 0xb8])))).toMatch(/UTF-8/);
    expect(reason(() => parseReport('x.md', '没有前言的正文'))).toMatch(/front matter/);
    expect(reason(() => parseReport('x.md', '---\nid: [unclosed\n---\n正文'))).toMatch(/not valid YAML/);
    expect(reason(() => parseReport('x.md', '---\ntitle: 无编号\n---\n正文'))).toMatch(/"id" is missing/);
    expect(reason(() => parseReport('x.md', '---\nid: Bad Id!\ntitle: t\n---\n正文'))).toMatch(/lower-case/);
    expect(reason(() => parseReport('x.md', '---\nid: ok\ntitle: t\ngenre: poem\n---\n正文'))).toMatch(/genre/);
    expect(reason(() => parseReport('x.md', '---\nid: ok\ntitle: t\npublished: June\n---\n正文'))).toMatch(/published/);
    expect(reason(() => parseReport('x.md', '---\nid: ok\ntitle: t\n---\n\n'))).toMatch(/no text/);
  });

  it('takes a plain .txt report title from its first line and infers its place from the gazetteer', () => {
    const file = path.join(FIXTURES_DIR, 'plain-report.txt');
    const r = parseReport(file, fs.readFileSync(file, 'utf8'));
    expect(r.meta).toMatchObject({ id: 'plain-report', title: '晋城市泽州县推进平安乡村建设', city: '晋城市', province: '山西省', district: '泽州县' });
    expect(r.inferred).toEqual(['title=晋城市泽州县推进平安乡村建设', 'province=山西省', 'city=晋城市', 'district=泽州县']);
    // The stored report says which of its facts were guessed: the citation marks them.
    expect(r.meta.inferred).toEqual(['title', 'province', 'city', 'district']);
  });
});

describe('loading a corpus directory', () => {
  it('skips bad files with their path and reason and still indexes the rest', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-corpus-'));
    try {
      fs.copyFileSync(path.join(REPORTS_DIR, 'guandu-five-keywords.md'), path.join(dir, 'good.md'));
      fs.copyFileSync(path.join(REPORTS_DIR, 'guandu-five-keywords.md'), path.join(dir, 'same-id.md'));
      fs.writeFileSync(path.join(dir, 'empty.md'), '');
      fs.writeFileSync(path.join(dir, 'binary.txt'), Buffer.from([0, 1, 2, 3]));
      fs.writeFileSync(path.join(dir, 'broken.md'), '---\nid: [\n---\n正文');
      const files = fs
        .readdirSync(dir)
        .sort()
        .map((f) => path.join(dir, f));
      const c = loadCorpus(files, testRules(), dir);
      expect(c.docs.map((d) => d.id)).toEqual(['guandu-five-keywords']);
      expect(c.skipped.map((s) => s.file).sort()).toEqual(['binary.txt', 'broken.md', 'empty.md', 'same-id.md']);
      expect(c.skipped.find((s) => s.file === 'same-id.md')?.reason).toMatch(/duplicate id "guandu-five-keywords"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
