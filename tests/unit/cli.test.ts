import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, REPORTS_DIR, TAXONOMY_DIR } from '../helpers/corpus';
import { FIGURE_KINDS, PERIOD_KINDS } from '../../core/types';

const tsx = path.join(ROOT, 'node_modules/.bin/tsx');

function kb(args: string[], env: Record<string, string>) {
  const r = spawnSync(tsx, [path.join(ROOT, 'app/cli.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
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
    // The same scopes as the search box: typed in the query or given as an option.
    const total = (args: string[]) => JSON.parse(kb(['search', ...args, '--json'], env).out).total as number;
    const inHeadings = total(['heading:服务']);
    expect(inHeadings).toBeGreaterThan(0);
    expect(inHeadings).toBeLessThan(total(['服务']));
    expect(total(['服务', '--scope', 'heading'])).toBe(inHeadings);
    expect(total(['"群众 服务"~sentence'])).toBe(total(['群众', '服务', '--scope', 'sentence']));
    const bad = kb(['search', '服务', '--scope', 'title'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/Unknown scope "title"; use one of heading, sentence, paragraph/);
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

  it('prints the figures of report files with their kind and period, and the share of one- and two-character labels', () => {
    const r = kb(['figures', path.join(REPORTS_DIR, 'jincheng-13th-five-year-review.md')], env);
    expect(r.code).toBe(0);
    const [header, ...lines] = r.out.trim().split('\n');
    const columns = header.split('\t');
    expect(columns).toEqual(['doc', 'label', 'qualifier', 'from', 'value', 'unit', 'kind', 'period', 'period_kind', 'covers', 'year', 'raw']);
    const rows = lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [columns[i], v])));
    expect(rows).toContainEqual({
      doc: 'jincheng-13th-five-year-review',
      label: '调解成功率',
      qualifier: '以上',
      from: '',
      value: '98',
      unit: '%',
      kind: 'rate',
      period: '每年',
      period_kind: 'unknown',
      covers: '',
      year: '2021',
      raw: '98%以上',
    });
    // A period written out, and one worked out from the report's date (今年 in a report of 2021).
    expect(rows.find((f) => f.label === '专项斗争满意率')).toMatchObject({ kind: 'rate', period: '2020年上半年', period_kind: 'months', covers: '2020-01–06' });
    expect(rows.find((f) => f.label === '新增停车位')).toMatchObject({
      kind: 'count',
      period: '今年上半年',
      period_kind: 'months',
      covers: '2021-01–06 (inferred)',
    });
    expect(rows.find((f) => f.label === '侦破刑事案件')).toMatchObject({ period: '五年来', period_kind: 'range', covers: '2016–2021 (inferred)' });
    for (const f of rows) {
      expect(FIGURE_KINDS).toContain(f.kind);
      expect(PERIOD_KINDS).toContain(f.period_kind);
    }
    expect(new Set(rows.map((f) => f.kind)).size).toBeGreaterThan(2);
    expect(r.err).toMatch(new RegExp(`^${rows.length} figures in 1 reports; \\d+ labels of one or two characters \\([\\d.]+ %\\)`));
  });

  it('adds a saved web page: a dry run writes nothing, then the report is written and indexed; a second copy is refused', () => {
    const page = path.join(dir, 'zedong-page.html');
    const paragraph =
      '泽州县坚持和发展新时代“枫桥经验”,在全县推行“135”矛盾纠纷化解工作法,全县共划分网格1260个,配备专职网格员1300名,今年以来排查化解矛盾纠纷2100余件,调解成功率98.5%。';
    fs.writeFileSync(
      page,
      `<html><head><meta charset="utf-8"><title>泽州县推进平安乡村建设_晋城长安网</title><link rel="canonical" href="http://www.jcpeace.gov.cn/2023/05/18/a.html"></head>
       <body><div>当前位置: 首页>基层动态</div><article><h1>泽州县推进平安乡村建设</h1><p>来源:晋城长安网 发布时间:2023-05-18</p>
       <p>${paragraph}</p><h2>一、网格化服务管理</h2><p>${paragraph.repeat(2)}</p><h2>二、诉源治理</h2><p>${paragraph.repeat(2)}</p></article>
       <div>Copyright © 晋城市委政法委 版权所有 晋ICP备00000000号</div></body></html>`,
    );
    const target = path.join(dir, 'corpus/reports/zedong-page.md');
    const dry = kb(['add', '--dry-run', page], env);
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/zedong-page\.html → \S*corpus\/reports\/zedong-page\.md \(html, utf-8\): \d+ chunks/);
    expect(dry.out).toMatch(/inferred publisher: 晋城长安网 {2}\(from 来源 line\)/);
    expect(dry.out).toMatch(/inferred published: 2023-05-18 {2}\(from 发布时间 line\)/);
    expect(dry.out).toMatch(/^title: 泽州县推进平安乡村建设$/m);
    expect(dry.out).toMatch(/\[section\] 一、网格化服务管理|\[measure\]/);
    expect(dry.out).toMatch(/Would add 1 report\./);
    expect(fs.existsSync(target)).toBe(false);
    const real = kb(['add', '--index', page], env);
    expect(real.code).toBe(0);
    expect(real.out).toMatch(/Added 1 report\./);
    expect(real.out).toMatch(/Indexed 6 reports/);
    expect(fs.readFileSync(target, 'utf8')).toMatch(/^---\nid: zedong-page\ntitle: 泽州县推进平安乡村建设\n[\s\S]*inferred:/);
    expect(JSON.parse(kb(['search', '135', '--json'], env).out).hits[0].docId).toBe('zedong-page');
    const again = kb(['add', page], env);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/refused \S*zedong-page\.html: its text is already in the corpus as \S*corpus\/reports\/zedong-page\.md/);
    fs.rmSync(target);
  });

  it('explains its usage for an unknown command', () => {
    const r = kb(['frobnicate'], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown command "frobnicate"[\s\S]*Usage: npm run kb/);
  });
});
