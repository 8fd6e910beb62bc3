// The admin's worker is a process of its own: its memory is not the server's, it runs at a lower
// priority within a bounded address space, a task it cannot finish (out of memory, killed) fails
// with that reason and not the server, and the next task gets a fresh process.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IngestWorker } from '../../admin/ingest';
import { REPORTS_DIR, TAXONOMY_DIR } from '../helpers/corpus';
import { syntheticReport } from '../helpers/admin';

const noProgress = () => undefined;

/** A soft limit of /proc/<pid>/limits, in bytes ("unlimited" as Infinity). */
function limit(pid: number, name: string): number {
  const line = fs
    .readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(name));
  const soft = line?.slice(name.length).trim().split(/\s+/)[0];
  return soft === 'unlimited' || soft === undefined ? Infinity : Number(soft);
}

describe('the admin worker process', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-ingest-proc-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads the corpus in a process of its own, at a lower priority and in a bounded address space', async () => {
    const ingest = new IngestWorker(TAXONOMY_DIR, { addressSpaceMb: 3072 });
    let pid: number | undefined;
    const corpus = await ingest.read(REPORTS_DIR, () => (pid ??= ingest.pid));
    expect(corpus.docs.length).toBeGreaterThan(0);
    expect(pid).toBeDefined();
    expect(pid).not.toBe(process.pid);
    if (process.platform === 'linux') {
      expect(os.getPriority(pid)).toBeGreaterThanOrEqual(10);
      expect(limit(pid as number, 'Max address space')).toBe(3072 * 1024 * 1024);
    }
    await ingest.close();
  });

  it('fails a task that runs out of memory with that reason, and runs the next in a fresh process', async () => {
    const file = path.join(dir, 'large.txt');
    fs.writeFileSync(file, syntheticReport(5_000_000));
    const ingest = new IngestWorker(TAXONOMY_DIR, { memoryMb: 40 });
    await expect(ingest.convert([file], REPORTS_DIR, dir, undefined, noProgress)).rejects.toThrow(/needed more memory than the 40 MB/);
    // The server is untouched; the next task gets a process of its own.
    const small = path.join(dir, 'small.txt');
    fs.writeFileSync(small, syntheticReport(20_000, 2));
    const done = await ingest.convert([small], REPORTS_DIR, dir, undefined, noProgress);
    expect(done.items).toHaveLength(1);
    await ingest.close();
  }, 120_000);

  it('fails a task whose process is killed, saying so, and runs the next in a fresh process', async () => {
    const ingest = new IngestWorker(TAXONOMY_DIR);
    let killed: number | undefined;
    const reading = ingest.read(REPORTS_DIR, () => {
      if (killed === undefined && ingest.pid) process.kill((killed = ingest.pid), 'SIGKILL');
    });
    await expect(reading).rejects.toThrow(/the worker process stopped \(signal SIGKILL\)/);
    let pid: number | undefined;
    const again = await ingest.read(REPORTS_DIR, () => (pid ??= ingest.pid));
    expect(again.docs.length).toBeGreaterThan(0);
    expect(pid).not.toBe(killed);
    await ingest.close();
  }, 120_000);
});
