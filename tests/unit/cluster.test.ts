// WEB_CONCURRENCY: npm start as several server processes on one port over the same index.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { webConcurrency } from '../../app/cluster';
import { ROOT } from '../helpers/corpus';

describe('WEB_CONCURRENCY', () => {
  it('is 1 unless set, and refuses what is not a whole number from 1 to 64', () => {
    expect(webConcurrency({})).toBe(1);
    expect(webConcurrency({ WEB_CONCURRENCY: ' 3 ' })).toBe(3);
    for (const bad of ['0', '-1', '2.5', 'two', '65']) expect(() => webConcurrency({ WEB_CONCURRENCY: bad })).toThrow(/WEB_CONCURRENCY/);
  });

  it('runs two server processes on one port, both answering, and SIGTERM stops them all', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-cluster-'));
    const proc = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(ROOT, 'app/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, SEARCH_BACKEND: 'sqlite', WEB_CONCURRENCY: '2', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    try {
      let out = '';
      const base = await new Promise<string>((resolve, reject) => {
        proc.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /Serving on (http:\/\/\S+?)\/?\s/.exec(out);
          if (m && /All 2 server processes are serving/.test(out)) resolve(m[1]);
        });
        proc.once('exit', (code) => reject(new Error(`exited (${code}): ${out}`)));
      });
      // Two workers under the first process, both serving the index the first one built.
      const children = fs
        .readdirSync('/proc')
        .filter((p) => /^\d+$/.test(p))
        .filter((p) => {
          try {
            const parent = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1];
            // Node processes running the server, not a helper such as the TypeScript loader's.
            return parent === String(proc.pid) && fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('app/main.ts');
          } catch {
            return false;
          }
        });
      expect(children).toHaveLength(2);
      expect(out.match(/Serving on/g)).toHaveLength(2);
      const answers = await Promise.all(Array.from({ length: 8 }, () => fetch(`${base}/api/search?q=${encodeURIComponent('调解')}`)));
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
      proc.kill('SIGTERM');
      expect(await exited).toBe(0);
      for (const c of children) expect(fs.existsSync(`/proc/${c}`)).toBe(false);
    } finally {
      proc.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
