// A Word document: its headings and paragraphs through mammoth, after checking that the zip
// inside is what it claims to be and does not unpack into more than a report can hold.
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { ReportError } from '../read';
import { htmlBlocks, type Block } from './blocks';
import type { Hints } from './hints';
import { readNumbering, readStyleNumbering, writeOutNumbering } from './docx-numbering';

/** A .docx unpacks to at most this much, and to at most this many times its size (a zip bomb does not). */
const MAX_UNPACKED = 100 * 1024 * 1024;
const MAX_RATIO = 200;
const MAX_ENTRIES = 2000;

async function checkZip(file: string, bytes: Buffer): Promise<JSZip> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch {
    throw new ReportError(file, 'is not a readable Word (.docx) file');
  }
  const entries = Object.values(zip.files);
  if (entries.length > MAX_ENTRIES) throw new ReportError(file, `the Word file holds ${entries.length} parts: refused as unsafe`);
  let unpacked = 0;
  for (const e of entries) unpacked += (e as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
  if (unpacked > MAX_UNPACKED || unpacked > bytes.length * MAX_RATIO)
    throw new ReportError(file, `the Word file would unpack to ${Math.round(unpacked / 1024 / 1024)} MB: refused as unsafe (a zip bomb?)`);
  if (!zip.file('word/document.xml')) throw new ReportError(file, 'is a zip file but not a Word document (no word/document.xml)');
  return zip;
}

export async function extractDocx(file: string, bytes: Buffer): Promise<{ blocks: Block[]; hints: Hints }> {
  const zip = await checkZip(file, bytes);
  const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
  const prop = (name: string) => new RegExp(`<${name}[^>]*>([^<]*)</${name}>`).exec(core)?.[1]?.trim() || undefined;
  // Automatic numbering (一、 （一） 1.) written out as text first, so that headings keep their numbers.
  const numberingXml = await zip.file('word/numbering.xml')?.async('string');
  let buffer = bytes;
  if (numberingXml) {
    const documentXml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const stylesXml = (await zip.file('word/styles.xml')?.async('string')) ?? '';
    zip.file('word/document.xml', writeOutNumbering(documentXml, readNumbering(numberingXml), readStyleNumbering(stylesXml)));
    buffer = await zip.generateAsync({ type: 'nodebuffer' });
  }
  const { value } = await mammoth.convertToHtml({ buffer }, { ignoreEmptyParagraphs: true });
  return { blocks: htmlBlocks(value), hints: { docTitle: prop('dc:title'), author: prop('dc:creator') } };
}
