// Reads the text layer of a PDF, given on standard input, with Mozilla's PDF.js and prints it as
// JSON: each page's text items with their position and size, and the document's properties. It
// runs in a process of its own, limited in address space and time (see pdf.ts), so that a hostile
// or broken PDF can take neither time nor memory from the indexer; scripts in the PDF are never
// run (isEvalSupported: false, no scripting). It opens no file: its working directory does not matter.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const MAX_PAGES = 2000;

try {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const data = new Uint8Array(Buffer.concat(chunks));
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
  process.stdout.write(JSON.stringify({ error: message }));
}
