// The files around the embedded index: no debris after a failed or killed build, one build at a
// time, and the previous index serving when the live one is damaged.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { SqliteBackend } from '../../search/sqlite/backend';
import { IndexBuildError, SearchUnavailableError } from '../../search/errors';
import type { Chunk } from '../../core/types';
import { ROOT, seedCorpus } from '../helpers/corpus';

const q = { q: '调解', filters: {}, page: 1, perPage: 5 };
const { docs, chunks } = seedCorpus();
const broken = [...chunks, { ...chunks[0] } as Chunk];

describe('building the embedded index', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-files-'));
    file = path.join(dir, 'index.sqlite');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('leaves no file behind when a build fails, and says truly whether an index is still served', async () => {
    const b = new SqliteBackend({ file });
    await expect(b.replaceAll(docs, broken)).rejects.toThrow(/there is no index yet/);
    expect(fs.readdirSync(dir)).toEqual([]);
    await b.replaceAll(docs, chunks);
    await expect(b.replaceAll(docs, broken)).rejects.toThrow(/the previous index is still being served/);
    expect(fs.readdirSync(dir)).toEqual(['index.sqlite']);
    expect((await b.search(q)).total).toBeGreaterThan(0);
    await b.replaceAll(docs, chunks);
    expect(fs.readdirSync(dir).sort()).toEqual(['index.sqlite', 'index.sqlite.previous']);
    await b.close();
  });

  it('removes what a killed build left and says so', async () => {
    // No process has this id: its files are debris.
    for (const f of ['index.sqlite.building-999999999-1', 'index.sqlite.building-999999999-1-journal', 'index.sqlite.lock'])
      fs.writeFileSync(path.join(dir, f), f.endsWith('lock') ? '{"pid":999999999}' : 'x');
    const stats = await new SqliteBackend({ file }).replaceAll(docs, chunks);
    expect(stats.notes?.join(' ')).toContain('index.sqlite.building-999999999-1');
    expect(fs.readdirSync(dir)).toEqual(['index.sqlite']);
  });

  it('refuses a second build while another runs, naming it, and changes nothing', async () => {
    const b = new SqliteBackend({ file });
    await b.replaceAll(docs, chunks.slice(0, 10));
    const before = fs.statSync(file).mtimeMs;
    fs.writeFileSync(path.join(dir, 'index.sqlite.lock'), JSON.stringify({ pid: process.ppid, startedAt: '2026-11-22T10:00:00Z' }));
    const err = await b.replaceAll(docs, chunks).catch((e: Error) => e);
    expect(err).toBeInstanceOf(IndexBuildError);
    expect((err as Error).message).toMatch(new RegExp(`Another build of this index is running \\(process ${process.ppid}, started 2026-11-22`));
    expect(fs.statSync(file).mtimeMs).toBe(before);
    expect((await b.search({ ...q, q: '' })).total).toBe(10);
    await b.close();
  });

  it('removes its temporary file when stopped by a signal mid-build', async () => {
    const script = path.join(dir, 'build.ts');
    fs.writeFileSync(
      script,
      `import { SqliteBackend } from ${JSON.stringify(path.join(ROOT, 'search/sqlite/backend'))};
import { synthesize } from ${JSON.stringify(path.join(ROOT, 'bench/synthetic'))};
import { seedCorpus } from ${JSON.stringify(path.join(ROOT, 'tests/helpers/corpus'))};
const { docs, chunks } = synthesize(seedCorpus().chunks, 40000);
let told = false;
new SqliteBackend({ file: ${JSON.stringify(file)}, onProgress: () => { if (!told) { told = true; console.log('building'); } } }).replaceAll(docs, chunks);
`,
    );
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
    expect(fs.readdirSync(dir).some((f) => f.includes('.building-'))).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    expect(fs.readdirSync(dir).filter((f) => f !== 'build.ts')).toEqual([]);
  });

  it('serves the previous index when the live one is damaged, and says so in its health', async () => {
    const b = new SqliteBackend({ file });
    await b.replaceAll(docs, chunks);
    await b.replaceAll(docs, chunks);
    const reader = new SqliteBackend({ file });
    fs.writeFileSync(file, 'this is not an index'.repeat(1000));
    expect((await reader.search(q)).total).toBeGreaterThan(0);
    expect((await reader.health()).message).toMatch(/^Serving the previous index\. The index cannot be read/);
    await Promise.all([b.close(), reader.close()]);
  });

  it('answers a damaged index with a plain message, no path, and keeps no handle open per request', async () => {
    fs.writeFileSync(file, 'this is not an index'.repeat(1000));
    const b = new SqliteBackend({ file });
    const openFiles = () => fs.readdirSync('/proc/self/fd').length;
    const err = await b.search(q).catch((e: Error) => e);
    expect(err).toBeInstanceOf(SearchUnavailableError);
    expect((err as Error).message).toMatch(/^The index cannot be read .*run "npm run kb -- index" to rebuild it\.$/);
    expect((err as Error).message).not.toContain(dir);
    const before = openFiles();
    for (let i = 0; i < 50; i++) await b.search(q).catch(() => undefined);
    expect(openFiles()).toBeLessThanOrEqual(before);
    expect((await b.stats()).chunks).toBe(0);
    await b.close();
  });
});
