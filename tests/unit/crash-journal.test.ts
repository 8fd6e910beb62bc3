// The corpus journal across a SIGKILL: a change cut short while the files were being changed is
// rolled back, one cut short once they were in place is completed, and what a writer killed
// before its entry was written is cleared away.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Journal } from '../../admin/journal';
import { ROOT } from '../helpers/corpus';

let dir: string;
let reports: string;
let journalDir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-journal-'));
  reports = path.join(dir, 'reports');
  journalDir = path.join(dir, 'journal');
  fs.mkdirSync(reports);
  fs.writeFileSync(path.join(reports, 'kept.md'), 'the old text');
  fs.writeFileSync(path.join(reports, 'gone.md'), 'a report being removed');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A process that replaces kept.md, removes gone.md and adds new.md through the journal, and is killed with SIGKILL `when`. */
async function killedChange(when: 'while-changing' | 'once-applied'): Promise<void> {
  const script = path.join(dir, 'change.ts');
  fs.writeFileSync(
    script,
    `import fs from 'node:fs';
import { Journal } from ${JSON.stringify(path.join(ROOT, 'admin/journal'))};
const r = (n: string) => ${JSON.stringify(reports)} + '/' + n;
const entry = new Journal(${JSON.stringify(journalDir)}).begin('replace kept, remove gone, add new', [r('kept.md'), r('gone.md'), r('new.md')]);
fs.writeFileSync(r('kept.md'), 'the new te');
fs.rmSync(r('gone.md'));
${when === 'once-applied' ? "fs.writeFileSync(r('kept.md'), 'the new text');\nfs.writeFileSync(r('new.md'), 'a new report');\nentry.applied();" : ''}
process.kill(process.pid, 'SIGKILL');
`,
  );
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', script], { cwd: ROOT, stdio: 'inherit' });
  const signal = await new Promise((resolve) => child.once('exit', (_code, s) => resolve(s)));
  expect(signal).toBe('SIGKILL');
}

const corpus = () => Object.fromEntries(fs.readdirSync(reports).map((f) => [f, fs.readFileSync(path.join(reports, f), 'utf8')]));

it('rolls back a change killed while the files were being changed', async () => {
  await killedChange('while-changing');
  expect(corpus()).toEqual({ 'kept.md': 'the new te' });
  const said = new Journal(journalDir).recover();
  expect(said).toEqual([expect.stringMatching(/^Rolled back "replace kept, remove gone, add new".*kept\.md, gone\.md, new\.md are as they were/)]);
  expect(corpus()).toEqual({ 'kept.md': 'the old text', 'gone.md': 'a report being removed' });
  expect(fs.readdirSync(journalDir)).toEqual([]);
});

it('completes a change killed once its files were in place', async () => {
  await killedChange('once-applied');
  const said = new Journal(journalDir).recover();
  expect(said).toEqual([expect.stringMatching(/^Completed "replace kept, remove gone, add new"/)]);
  expect(corpus()).toEqual({ 'kept.md': 'the new text', 'new.md': 'a new report' });
  expect(fs.readdirSync(journalDir)).toEqual([]);
});

it('leaves the entry of a running process alone, and clears what a writer killed before its entry left', async () => {
  const running = new Journal(journalDir).begin('add new', [path.join(reports, 'new.md')]);
  fs.mkdirSync(path.join(journalDir, '999999999-1-dead.files'));
  fs.writeFileSync(path.join(journalDir, '999999999-2-dead.json.tmp-999999999'), '{"half');
  // In another process's eyes this one is running: only what the dead writer left goes.
  const other = spawn(
    process.execPath,
    [
      '--require',
      'tsx/cjs',
      '-e',
      `console.log(JSON.stringify(new (require(${JSON.stringify(path.join(ROOT, 'admin/journal'))}).Journal)(${JSON.stringify(journalDir)}).recover()))`,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  other.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => other.once('exit', resolve));
  expect(JSON.parse(out)).toEqual([]);
  expect(fs.readdirSync(journalDir).filter((n) => n.startsWith('999999999'))).toEqual([]);
  expect(fs.readdirSync(journalDir).filter((n) => n.startsWith(`${process.pid}-`))).toHaveLength(2);
  running.end();
  expect(fs.readdirSync(journalDir)).toEqual([]);
});
