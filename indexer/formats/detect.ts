// What a file really is, from its bytes rather than its name, and how its text is encoded.
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { coded, type Reason } from '../../core/report-errors';
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
  if (!claimed) throw new ReportError(file, 'not-a-report', { extensions: Object.keys(EXTENSIONS).join(', ') });
  if (bytes.length === 0) throw new ReportError(file, 'empty');
  if (bytes.length > MAX_UPLOAD_BYTES) throw new ReportError(file, 'too-large', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 });
  const pdf = startsWith(bytes, '%PDF-');
  const zip = startsWith(bytes, 'PK\u0003\u0004');
  if (claimed === 'pdf' && !pdf) throw new ReportError(file, 'not-pdf');
  if (claimed === 'docx' && !zip) throw new ReportError(file, 'not-docx');
  if (claimed !== 'pdf' && pdf) throw new ReportError(file, 'pdf-misnamed', { ext });
  if (claimed !== 'docx' && zip) throw new ReportError(file, 'zip-misnamed', { ext });
  if ((claimed === 'html' || claimed === 'text' || claimed === 'markdown') && looksBinary(bytes)) throw new ReportError(file, 'binary-misnamed', { ext });
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

/** The encoding a page declares in <meta charset> or http-equiv Content-Type, as written. */
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

/** A legacy single-byte encoding: any bytes decode in it, so decoding proves nothing. */
const singleByte = (encoding: string) => /^(iso-8859|windows-125|latin|ascii|us-ascii|cp125)/.test(encoding);

let commonHan: Set<number> | null = null;

/**
 * The Chinese characters in everyday use: GB2312's first level (3,755 characters, which cover
 * nearly all of any simplified text) and Big5's (5,401, the same for traditional text).
 */
function common(): Set<number> {
  if (commonHan) return commonHan;
  const set = new Set<number>();
  const add = (bytes: number[], encoding: string) => {
    for (const ch of iconv.decode(Buffer.from(bytes), encoding)) if (/\p{Script=Han}/u.test(ch)) set.add(ch.codePointAt(0) as number);
  };
  const gb: number[] = [];
  for (let lead = 0xb0; lead <= 0xd7; lead++) for (let trail = 0xa1; trail <= 0xfe; trail++) gb.push(lead, trail);
  add(gb, 'gb2312');
  const big5: number[] = [];
  for (let lead = 0xa4; lead <= 0xc6; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) if (trail <= 0x7e || trail >= 0xa1) big5.push(lead, trail);
  add(big5, 'big5');
  commonHan = set;
  return set;
}

/** Text read in the wrong encoding shows replacement characters, private-use characters and rare Chinese characters. */
const PLAUSIBLE = 0.8;

/** The share of common characters among the Chinese, replacement and private-use characters of a text (1 when it has none). */
export function plausibility(text: string): number {
  const han = common();
  let good = 0;
  let all = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x2e80) continue;
    const cjk = (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3ffff);
    if (cjk) {
      all++;
      if (han.has(c)) good++;
    } else if (c === 0xfffd || (c >= 0xe000 && c <= 0xf8ff) || c >= 0xf0000) all++;
  }
  return all ? good / all : 1;
}

const decode = (bytes: Buffer, encoding: string) =>
  iconv
    .decode(bytes, encoding)
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n');

function validUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export interface Decoded {
  text: string;
  encoding: string;
  /** Set when the page's declared charset was wrong and the text was read in another. */
  warning?: Reason;
}

/**
 * Decodes text bytes: a byte-order mark first; otherwise (for HTML) the declared charset, strict
 * UTF-8, GB18030 and what chardet detects, the first of them in which the text reads as Chinese
 * does (see plausibility) — a page whose declaration lies is read in the encoding its bytes are
 * in, and one that reads in none is refused. GBK and GB2312 are read as GB18030, their superset.
 */
export function decodeText(file: string, bytes: Buffer, html = false): Decoded {
  let bom: string | null = null;
  if (startsWith(bytes, '\u00ef\u00bb\u00bf')) bom = 'utf-8';
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) bom = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) bom = 'utf-16be';
  if (bom) return checked(file, { text: decode(bytes, bom), encoding: bom });
  const declaredName = html ? declaredCharset(bytes) : null;
  const declared = declaredName ? known(declaredName) : null;
  const candidates: string[] = [];
  // A declared single-byte charset is weak evidence: any bytes read in it, Chinese ones as mojibake.
  if (declared && !singleByte(declared)) candidates.push(declared);
  if (validUtf8(bytes)) candidates.push('utf-8');
  // Chinese text that is not UTF-8 is almost always GBK or GB18030, whatever chardet guesses.
  candidates.push('gb18030');
  const detected = chardet.detect(bytes.subarray(0, 65536));
  const detectedKnown = detected ? known(detected) : null;
  if (detectedKnown && !singleByte(detectedKnown)) candidates.push(detectedKnown);
  if (declared && singleByte(declared)) candidates.push(declared);
  for (const encoding of new Set(candidates)) {
    const text = decode(bytes, encoding);
    if (plausibility(text) < PLAUSIBLE) continue;
    const lied = declared && encoding !== declared && text !== decode(bytes, declared);
    return checked(
      file,
      lied && declaredName ? { text, encoding, warning: coded('charset-misdeclared', { declared: declaredName, encoding }) } : { text, encoding },
    );
  }
  const tried = [...new Set(['UTF-8', 'GB18030', ...(detectedKnown && !singleByte(detectedKnown) ? [detectedKnown.toUpperCase()] : [])])].join(', ');
  throw declaredName ? new ReportError(file, 'charset-contradicted', { declared: declaredName, tried }) : new ReportError(file, 'unknown-encoding', { tried });
}

function checked(file: string, decoded: Decoded): Decoded {
  if (!decoded.text.trim()) throw new ReportError(file, 'no-text');
  return decoded;
}
