// The process that reads a PDF's text layer: bounded as a whole (address space and time), so that
// a compression bomb is refused as too large instead of taking the machine's memory; given the
// bytes that were uploaded, whatever its working directory or the name the file is shown under;
// and callable without blocking the event loop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractPdf, extractPdfAsync } from '../../indexer/formats/pdf';
import { addReports } from '../../indexer/add';
import { ReportError } from '../../indexer/read';
import { testRules } from '../helpers/corpus';
import { zlibZeros } from '../fixtures/formats/bombs';
import { pdfWithContent, textPdf } from '../fixtures/formats/pdf';

/** Refused by the check of the PDF's streams before PDF.js reads it. */
const STREAM_TOO_LARGE = /^a stream in the PDF inflates to more than \d+ MB: refused as too large \(a compression bomb\?\)$/;
/** Refused when the reading process runs out of the address space it may take. */
const TOO_LARGE = /^the PDF would take more than \d+ MB of memory to read: refused as too large \(a compression bomb\?\)$/;

const REPORT = textPdf('Legal aid in Jiayuguan', [
  'Quarterly report of the Jiayuguan justice bureau on legal aid.',
  'The bureau handled 355 cases in the quarter, 40 more than a year before.',
]);
const DECOY = textPdf('A decoy of the same name', ['This file stands in the working directory and must not be read.']);

const textOf = (r: { blocks: { text: string }[] }) => r.blocks.map((b) => b.text).join('\n');

let dir: string;
const cwd = process.cwd();

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-pdf-worker-'));
});
afterEach(() => process.chdir(cwd));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof ReportError) return err.reason;
    throw err;
  }
  throw new Error('not refused');
}

const reasonAsync = (p: Promise<unknown>) =>
  p.then(
    () => 'read',
    (err: unknown) => (err instanceof ReportError ? err.reason : String(err)),
  );

describe('a PDF whose content stream is a FlateDecode bomb', () => {
  // About 2 MB on disk; the page's content stream inflates to 2 GiB of zeros.
  const bomb = pdfWithContent(zlibZeros(2048), '/FlateDecode');

  it('is refused as too large within 5 s, by either reader', async () => {
    expect(bomb.length).toBeLessThan(3 * 1024 * 1024);
    let start = Date.now();
    expect(await reasonAsync(extractPdfAsync('bomb.pdf', bomb))).toMatch(STREAM_TOO_LARGE);
    expect(Date.now() - start).toBeLessThan(5000);
    start = Date.now();
    expect(reasonOf(() => extractPdf('bomb.pdf', bomb))).toMatch(STREAM_TOO_LARGE);
    expect(Date.now() - start).toBeLessThan(5000);
  });

  it('is refused as too large when the check of the streams misses it, the reading process running out of address space, not the machine out of memory', async () => {
    // The deflated zeros written in hex: the stream is not deflate data as it stands, so the check
    // lets it through, and PDF.js inflates it until the process's address space is spent. That takes
    // a few seconds (longer on a loaded machine), well inside the 60 s time limit.
    const hexBomb = pdfWithContent(Buffer.from(`${zlibZeros(2048).toString('hex')}>`), '[/ASCIIHexDecode /FlateDecode]');
    expect(hexBomb.length).toBeLessThan(5 * 1024 * 1024);
    let start = Date.now();
    expect(await reasonAsync(extractPdfAsync('hex-bomb.pdf', hexBomb))).toMatch(TOO_LARGE);
    expect(Date.now() - start).toBeLessThan(20_000);
    start = Date.now();
    expect(reasonOf(() => extractPdf('hex-bomb.pdf', hexBomb))).toMatch(TOO_LARGE);
    expect(Date.now() - start).toBeLessThan(20_000);
  });
});

describe('the PDF that is read', () => {
  it('is the file a relative path names from the working directory, wherever that is', async () => {
    fs.mkdirSync(path.join(dir, 'uploads'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'uploads', 'report.pdf'), REPORT);
    process.chdir(dir);
    expect(textOf(extractPdf(path.join('uploads', 'report.pdf')))).toContain('The bureau handled 355 cases');
    expect(textOf(await extractPdfAsync(path.join('uploads', 'report.pdf')))).toContain('The bureau handled 355 cases');
  });

  it('is the upload, not a file of the same name in the working directory, when the name is shown relative to the upload folder', async () => {
    // As the admin pages add an upload: the file's name is shown relative to the upload folder.
    const uploads = fs.mkdtempSync(path.join(dir, 'upload-'));
    const elsewhere = fs.mkdtempSync(path.join(dir, 'cwd-'));
    fs.writeFileSync(path.join(uploads, 'jiayuguan-legal-aid.pdf'), REPORT);
    fs.writeFileSync(path.join(elsewhere, 'jiayuguan-legal-aid.pdf'), DECOY);
    process.chdir(elsewhere);
    const reports = fs.mkdtempSync(path.join(dir, 'reports-'));
    const { added, refused } = await addReports([path.join(uploads, 'jiayuguan-legal-aid.pdf')], reports, testRules(), { dryRun: true, displayRoot: uploads });
    expect(refused).toEqual([]);
    expect(added[0].converted.markdown).toContain('Quarterly report of the Jiayuguan justice bureau on legal aid.');
    expect(added[0].converted.markdown).not.toContain('decoy');
  });
});

describe('the asynchronous reader', () => {
  it('reads what the synchronous one reads, and leaves the event loop free while the PDF is read', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    try {
      const read = await extractPdfAsync('report.pdf', REPORT);
      // A reader that blocked until the text was read would have let no tick run before it was done.
      expect(ticks).toBeGreaterThan(0);
      expect(read).toEqual(extractPdf('report.pdf', REPORT));
    } finally {
      clearInterval(timer);
    }
  });

  it('refuses what the synchronous one refuses, in the same words', async () => {
    const scan = pdfWithContent(Buffer.from('0 0 m 100 100 l S'));
    const expected = reasonOf(() => extractPdf('scan.pdf', scan));
    expect(expected).toBe('the PDF has no text layer (a scan?): it needs OCR before it can be added');
    await expect(extractPdfAsync('scan.pdf', scan)).rejects.toMatchObject({ reason: expected });
  });
});
