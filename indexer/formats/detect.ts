// What a file really is, from its bytes rather than its name, and how its text is encoded.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ReportError } from '../read';

export const FORMATS = ['html', 'pdf', 'docx', 'text', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

/** The extensions `kb add` accepts, and the format each claims to be. */
export const EXTENSIONS: Record<string, Format> = {
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.txt': 'text',
  '.md': 'markdown',
};

/** Report files larger than this are refused before they are read. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

const startsWith = (bytes: Buffer, sig: string) => bytes.subarray(0, sig.length).toString('latin1') === sig;

/** The format the bytes show, checked against the one the file name claims. */
export function sniff(file: string, bytes: Buffer): Format {
  const ext = (/\.[^./\\]+$/.exec(file.toLowerCase())?.[0] ?? '') as keyof typeof EXTENSIONS;
  const claimed = EXTENSIONS[ext];
  if (!claimed) throw new ReportError(file, `is not a report file: use ${Object.keys(EXTENSIONS).join(', ')}`);
  if (bytes.length === 0) throw new ReportError(file, 'the file is empty');
  if (bytes.length > MAX_UPLOAD_BYTES) throw new ReportError(file, `the file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
  const pdf = startsWith(bytes, '%PDF-');
  const zip = startsWith(bytes, 'PK\u0003\u0004');
  if (claimed === 'pdf' && !pdf) throw new ReportError(file, 'is named .pdf but is not a PDF file');
  if (claimed === 'docx' && !zip) throw new ReportError(file, 'is named .docx but is not a Word (.docx) file');
  if (claimed !== 'pdf' && pdf) throw new ReportError(file, `is a PDF file named ${ext}: rename it to .pdf`);
  if (claimed !== 'docx' && zip) throw new ReportError(file, `is a zip or Word file named ${ext}, not text`);
  if ((claimed === 'html' || claimed === 'text' || claimed === 'markdown') && looksBinary(bytes))
    throw new ReportError(file, `is named ${ext} but holds binary data, not text`);
  return claimed;
}

/** NUL bytes or many control characters: not a text file in any encoding the corpus uses. */
function looksBinary(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0) && !(startsWith(head, '\ufeff') || head[0] === 0xff || head[0] === 0xfe)) return true;
  let control = 0;
  for (const b of head) if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  return control > head.length / 20;
}

/** The encoding a page declares in <meta charset> or http-equiv Content-Type. */
function declaredCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 4096).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  return m ? m[1].toLowerCase() : null;
}

function known(encoding: string): string | null {
  const e = encoding.toLowerCase().replace(/_/g, '-');
  if (e === 'gb2312' || e === 'gbk' || e === 'x-gbk' || e === 'gb18030' || e === 'cp936') return 'gb18030';
  if (e === 'utf8' || e === 'utf-8') return 'utf-8';
  if (e === 'big5' || e === 'big5-hkscs') return 'big5';
  return iconv.encodingExists(e) ? e : null;
}

/**
 * Decodes text bytes: a byte-order mark first, then (for HTML) the declared charset, then strict
 * UTF-8, then what chardet detects. GBK and GB2312 are read as GB18030, their superset.
 */
export function decodeText(file: string, bytes: Buffer, html = false): { text: string; encoding: string } {
  let encoding: string | null = null;
  if (startsWith(bytes, '\u00ef\u00bb\u00bf')) encoding = 'utf-8';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  if (!encoding && html) {
    const declared = declaredCharset(bytes);
    if (declared) encoding = known(declared);
  }
  if (!encoding) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      encoding = 'utf-8';
    } catch {
      const detected = chardet.detect(bytes.subarray(0, 65536));
      encoding = detected ? known(detected) : null;
      // Chinese text that is not UTF-8 is almost always GBK or GB18030.
      if (!encoding || encoding.startsWith('iso-8859') || encoding.startsWith('windows-125')) encoding = 'gb18030';
    }
  }
  const text = iconv
    .decode(bytes, encoding)
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n');
  if (!text.trim()) throw new ReportError(file, 'the file has no text');
  return { text, encoding };
}
