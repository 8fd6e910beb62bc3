// Reads the text layer of a PDF, given on standard input, with Mozilla's PDF.js and prints it as
// JSON: each page's text items with their position and size, and the document's properties. It
// runs in a process of its own, limited in address space and time (see pdf.ts), so that a hostile
// or broken PDF can take neither time nor memory from the indexer; scripts in the PDF are never
// run (isEvalSupported: false, no scripting). It opens no file: its working directory does not matter.
import zlib from 'node:zlib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const MAX_PAGES = 2000;
/** A stream that inflates to more than this many MB is one PDF.js would run out of memory on (given by pdf.ts). */
const MAX_STREAM_MB = Number(process.argv[2]);

class TooLarge extends Error {}

/** Whether deflated data inflates to more than `limit` bytes: inflated a megabyte at a time, counted and let go. */
function inflatesPast(deflated, limit) {
  return new Promise((resolve) => {
    const inflate = zlib.createInflate({ chunkSize: 1024 * 1024 });
    let size = 0;
    inflate.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) inflate.destroy();
    });
    // Data that is not deflated as it stands (another filter first, or encryption) is left to PDF.js.
    inflate.on('error', () => {});
    inflate.on('close', () => resolve(size > limit));
    inflate.end(deflated);
  });
}

/**
 * Refuses a PDF with a Flate stream (other than an image's, which the text layer does not decode)
 * that inflates to more than MAX_STREAM_MB, before PDF.js would inflate it into memory. A quick
 * check of the usual bomb; the address-space limit this process runs under bounds what it misses.
 */
async function checkStreams(data) {
  const text = data.toString('latin1');
  const keyword = /\bstream\r?\n/g;
  for (let m = keyword.exec(text); m; m = keyword.exec(text)) {
    const dict = text.slice(Math.max(text.lastIndexOf('obj', m.index), m.index - 65536, 0), m.index);
    if (!/\/(FlateDecode|Fl)\b/.test(dict) || /\/Subtype\s*\/Image\b/.test(dict)) continue;
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (await inflatesPast(data.subarray(start, end < 0 ? data.length : end), MAX_STREAM_MB * 1024 * 1024))
      throw new TooLarge(`a stream in the PDF inflates to more than ${MAX_STREAM_MB} MB`);
  }
}

try {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  await checkStreams(bytes);
  const data = new Uint8Array(bytes);
  const pdf = await getDocument({ data, isEvalSupported: false, enableXfa: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  if (pdf.numPages > MAX_PAGES) throw new Error(`the PDF has ${pdf.numPages} pages (at most ${MAX_PAGES})`);
  const { info } = await pdf.getMetadata().catch(() => ({ info: {} }));
  const pages = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const { width, height } = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items = content.items
      .filter((it) => typeof it.str === 'string' && it.str.trim())
      .map((it) => ({ str: it.str, x: it.transform[4], y: it.transform[5], w: it.width, h: it.height || Math.abs(it.transform[3]) }));
    pages.push({ width, height, items });
    page.cleanup();
  }
  process.stdout.write(JSON.stringify({ info: { title: info?.Title ?? '', author: info?.Author ?? '', created: info?.CreationDate ?? '' }, pages }));
} catch (err) {
  const message = err && err.name === 'PasswordException' ? 'the PDF is encrypted with a password' : String((err && err.message) || err);
  process.stdout.write(JSON.stringify({ error: message, tooLarge: err instanceof TooLarge }));
}
