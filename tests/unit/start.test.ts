// npm start on a corpus with one bad report: the server indexes and serves the good ones, and says
// in its log and in /healthz which report it skipped and why.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { REPORTS_DIR, ROOT, TAXONOMY_DIR } from '../helpers/corpus';

it('serves the good reports and reports the bad one when it starts on a corpus with a broken file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-start-'));
  const corpus = path.join(dir, 'corpus');
  fs.mkdirSync(path.join(corpus, 'reports'), { recursive: true });
  fs.cpSync(TAXONOMY_DIR, path.join(corpus, 'taxonomy'), { recursive: true });
  for (const f of fs.readdirSync(REPORTS_DIR).slice(0, 2)) fs.copyFileSync(path.join(REPORTS_DIR, f), path.join(corpus, 'reports', f));
  fs.writeFileSync(path.join(corpus, 'reports', 'broken.md'), '---\nid: [unclosed\n---\n正文');
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'app/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, CORPUS_DIR: corpus, DATA_DIR: path.join(dir, 'data'), PORT: '0', LOG_LEVEL: 'silent', SEARCH_BACKEND: 'sqlite' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  try {
    const base = await new Promise<string>((resolve, reject) => {
      const read = (d: Buffer) => {
        log += d.toString();
        const m = /Serving on (http:\/\/\S+?)\/?\s/.exec(log);
        if (m) resolve(m[1]);
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${log}`)));
    });
    expect(log).toMatch(/skipped .*broken\.md/);
    const health = (await (await fetch(`${base}/healthz`)).json()) as { ok: boolean; docs: number; skippedReports: { file: string; reason: string }[] };
    expect(health).toMatchObject({ ok: true, docs: 2 });
    // With the code of why, for a script to act on.
    expect(health.skippedReports).toEqual([
      { file: expect.stringContaining('broken.md'), reason: expect.any(String), code: 'front-matter-yaml', params: { detail: expect.any(String) } },
    ]);
    expect(((await (await fetch(`${base}/api/search?q=%E8%B0%83%E8%A7%A3`)).json()) as { total: number }).total).toBeGreaterThan(0);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
