// A Word document is a zip; one whose headers understate what an entry inflates to is refused
// while it is being unpacked — by the bytes it really inflates to, not by what it declares —
// quickly and without the memory a bomb asks for.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { docxBomb } from '../fixtures/formats/bombs';

const ROOT = path.resolve(__dirname, '../..');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-docx-bomb-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Probe {
  reason?: string;
  converted?: boolean;
  ms: number;
  maxRssMb: number;
}

/** Converts a .docx in a process of its own, which reports the outcome, the time taken and its peak memory. */
function convertInChild(file: string): Probe {
  const script = `
    const { extractDocx } = require(${JSON.stringify(path.join(ROOT, 'indexer/formats/docx.ts'))});
    const bytes = require('node:fs').readFileSync(process.argv[1]);
    // The peak of this process's own memory: getrusage's maxRSS keeps the high-water mark of the
    // process it was forked from (a test worker), while VmHWM starts anew with the program.
    const peakMb = () => Math.round(Number(/VmHWM:\\s+(\\d+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1]) / 1024);
    const start = Date.now();
    extractDocx('bomb.docx', bytes)
      .then(() => ({ converted: true }), (err) => ({ reason: err.reason ?? String(err) }))
      .then((r) => process.stdout.write(JSON.stringify({ ...r, ms: Date.now() - start, maxRssMb: peakMb() })));
  `;
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script, file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0 || !r.stdout) throw new Error(`the converting process failed (${r.signal ?? r.status}): ${r.stderr.slice(0, 500)}`);
  return JSON.parse(r.stdout) as Probe;
}

describe('a .docx whose zip headers lie about the size of word/document.xml', () => {
  it('is refused within 5 s and 300 MB, by the bytes it really inflates to', () => {
    // About 1 MB on disk; word/document.xml states 4 kB and inflates to 1 GiB.
    const bytes = docxBomb(1024);
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    const file = path.join(dir, 'bomb.docx');
    fs.writeFileSync(file, bytes);
    const probe = convertInChild(file);
    expect(probe.converted).toBeUndefined();
    expect(probe.reason).toBe('the Word file unpacks to more than its zip headers state (word/document.xml): refused as unsafe (a zip bomb?)');
    expect(probe.ms).toBeLessThan(5000);
    expect(probe.maxRssMb).toBeLessThanOrEqual(300);
  });
});
