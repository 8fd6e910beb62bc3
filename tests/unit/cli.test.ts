import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, REPORTS_DIR, TAXONOMY_DIR } from '../helpers/corpus';

const tsx = path.join(ROOT, 'node_modules/.bin/tsx');

function kb(args: string[], env: Record<string, string>) {
  const r = spawnSync(tsx, [path.join(ROOT, 'indexer/cli.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the kb command line', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-cli-'));
    fs.mkdirSync(path.join(dir, 'corpus/reports'), { recursive: true });
    fs.cpSync(TAXONOMY_DIR, path.join(dir, 'corpus/taxonomy'), { recursive: true });
    for (const f of fs.readdirSync(REPORTS_DIR)) fs.copyFileSync(path.join(REPORTS_DIR, f), path.join(dir, 'corpus/reports', f));
    env = { CORPUS_DIR: path.join(dir, 'corpus'), DATA_DIR: path.join(dir, 'data') };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('indexes the corpus and prints a summary without warnings', () => {
    const r = kb(['index'], env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Indexed 5 reports into \d+ chunks \(.*measure.*\) on sqlite/);
    expect(r.out).not.toMatch(/warning|skipped/);
  });

  it('searches with filters and prints JSON', () => {
    const r = kb(['search', '无讼社区', '--json'], env);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.out);
    expect(res.hits[0]).toMatchObject({ city: '昆明市', district: '官渡区' });
    expect(res.hits[0].agencies).toContain('法院');
    const filtered = JSON.parse(kb(['search', '调解', '--city', '保山市', '--agency', '法院', '--json'], env).out);
    expect(filtered.total).toBeGreaterThan(0);
    for (const h of filtered.hits) expect(h).toMatchObject({ city: '保山市', agencies: expect.arrayContaining(['法院']) });
  });

  it('reports a bad file with its path and reason, indexes the rest and exits non-zero', () => {
    fs.writeFileSync(path.join(dir, 'corpus/reports/broken.md'), '---\nid: [\n---\n正文');
    fs.copyFileSync(path.join(ROOT, 'tests/fixtures/reports/plain-report.txt'), path.join(dir, 'corpus/reports/plain-report.txt'));
    const r = kb(['index'], env);
    fs.rmSync(path.join(dir, 'corpus/reports/broken.md'));
    fs.rmSync(path.join(dir, 'corpus/reports/plain-report.txt'));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Indexed 6 reports/);
    expect(r.out).toMatch(/skipped \S*corpus\/reports\/broken\.md: the front matter is not valid YAML/);
    expect(r.out).toMatch(/inferred \S*corpus\/reports\/plain-report\.txt: title=晋城市泽州县推进平安乡村建设, province=山西省, city=晋城市, district=泽州县/);
  });

  it('prints the chunks of a report file as JSON lines without touching the index', () => {
    const r = kb(['chunk', path.join(ROOT, 'tests/fixtures/reports/hostile-markup.md')], { ...env, DATA_DIR: path.join(dir, 'nowhere') });
    expect(r.code).toBe(0);
    const chunks = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c: { docId: string }) => c.docId === 'hostile-markup')).toBe(true);
    expect(fs.existsSync(path.join(dir, 'nowhere'))).toBe(false);
  });

  it('prints the figures of report files with the share of one- and two-character labels', () => {
    const r = kb(['figures', path.join(REPORTS_DIR, 'jincheng-13th-five-year-review.md')], env);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toContain(['jincheng-13th-five-year-review', '调解成功率', '以上', '', '98', '%', '每年', '2021', '98%以上'].join('\t'));
    expect(r.err).toMatch(new RegExp(`^${lines.length} figures in 1 reports; \\d+ labels of one or two characters \\([\\d.]+ %\\)`));
  });

  it('explains its usage for an unknown command', () => {
    const r = kb(['frobnicate'], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown command "frobnicate"[\s\S]*Usage: npm run kb/);
  });
});
