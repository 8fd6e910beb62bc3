// A Word document: its headings and paragraphs through mammoth, after checking that the zip
// inside is what it claims to be and does not unpack into more than a report can hold.
import JSZip from 'jszip';
import mammoth from 'mammoth';
import yauzl from 'yauzl';
import { ReportError } from '../read';
import { htmlBlocks, type Block } from './blocks';
import type { Hints } from './hints';
import { readNumbering, readStyleNumbering, writeOutNumbering } from './docx-numbering';

/** A .docx unpacks to at most this much, and to at most this many times its size (a zip bomb does not). */
const MAX_UNPACKED = 100 * 1024 * 1024;
const MAX_RATIO = 200;
const MAX_ENTRIES = 2000;

/**
 * The parts of a .docx, unpacked. The sizes the zip's headers state must add up to no more than
 * the limit; then each part is inflated as a stream and its bytes counted as they come, and a part
 * that goes past the size its headers state is stopped there: so what is unpacked is bounded by the
 * real bytes, and a zip whose headers understate what it holds is never unpacked whole.
 */
async function unpack(file: string, bytes: Buffer): Promise<Map<string, Buffer>> {
  const unreadable = (detail?: string) => (detail ? new ReportError(file, 'docx-unreadable-detail', { detail }) : new ReportError(file, 'docx-unreadable'));
  let zip: yauzl.ZipFile;
  try {
    // The sizes are checked here, on the bytes themselves, not by the library.
    zip = await yauzl.fromBufferPromise(bytes, { validateEntrySizes: false });
  } catch {
    throw unreadable();
  }
  try {
    if (zip.entryCount > MAX_ENTRIES) throw new ReportError(file, 'docx-too-many-parts', { parts: zip.entryCount });
    const entries: yauzl.Entry[] = [];
    try {
      for await (const e of zip.eachEntry()) entries.push(e);
    } catch (err) {
      throw unreadable((err as Error).message);
    }
    const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
    if (declared > MAX_UNPACKED || declared > bytes.length * MAX_RATIO) throw new ReportError(file, 'docx-bomb', { mb: Math.round(declared / 1024 / 1024) });
    if (!entries.some((e) => e.fileName === 'word/document.xml')) throw new ReportError(file, 'zip-not-docx');
    const parts = new Map<string, Buffer>();
    for (const e of entries) {
      if (e.fileName.endsWith('/')) continue;
      if (e.isEncrypted()) throw new ReportError(file, 'docx-encrypted');
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of await zip.openReadStreamPromise(e)) {
          size += (chunk as Buffer).length;
          if (size > e.uncompressedSize) throw new ReportError(file, 'docx-understated', { part: e.fileName });
          chunks.push(chunk as Buffer);
        }
      } catch (err) {
        if (err instanceof ReportError) throw err;
        throw unreadable(`${e.fileName}: ${(err as Error).message}`);
      }
      parts.set(e.fileName, Buffer.concat(chunks));
    }
    return parts;
  } finally {
    zip.close();
  }
}

export async function extractDocx(file: string, bytes: Buffer): Promise<{ blocks: Block[]; hints: Hints }> {
  const parts = await unpack(file, bytes);
  const text = (name: string) => parts.get(name)?.toString('utf8');
  const core = text('docProps/core.xml') ?? '';
  const prop = (name: string) => new RegExp(`<${name}[^>]*>([^<]*)</${name}>`).exec(core)?.[1]?.trim() || undefined;
  // Automatic numbering (一、 （一） 1.) written out as text first, so that headings keep their numbers.
  const numberingXml = text('word/numbering.xml');
  if (numberingXml)
    parts.set(
      'word/document.xml',
      Buffer.from(writeOutNumbering(text('word/document.xml') ?? '', readNumbering(numberingXml), readStyleNumbering(text('word/styles.xml') ?? ''))),
    );
  // mammoth reads the parts as unpacked and counted above, zipped again without compression: never
  // the original zip, which it would unpack by its own lights.
  const zip = new JSZip();
  for (const [name, data] of parts) zip.file(name, data);
  const buffer = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
  const { value } = await mammoth.convertToHtml({ buffer }, { ignoreEmptyParagraphs: true });
  return { blocks: htmlBlocks(value), hints: { docTitle: prop('dc:title'), author: prop('dc:creator') } };
}
