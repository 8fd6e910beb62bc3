// Parses what a user typed into the query language every backend implements:
// words are ANDed, "quoted phrases" match exactly, -word excludes.

export const MAX_QUERY_LENGTH = 500;
const MAX_PARTS = 32;

export interface ParsedQuery {
  /** Words and phrases that must all occur. */
  include: string[];
  /** Words and phrases that must not occur. */
  exclude: string[];
}

/** Makes any string safe to work with: well-formed UTF-16, NFKC-normalised, no control characters. */
export function cleanText(input: unknown): string {
  if (typeof input !== 'string') return '';
  return (
    input
      .toWellFormed()
      .normalize('NFKC')
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u2028\u2029\ufeff]/g, ' ')
  );
}

export function parseQuery(raw: unknown): ParsedQuery {
  const q = cleanText(raw)
    .slice(0, MAX_QUERY_LENGTH)
    .replace(/[“”„‟＂]/g, '"');
  const include: string[] = [];
  const exclude: string[] = [];
  const re = /(-?)"([^"]*)"?|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(q)) && include.length + exclude.length < MAX_PARTS) {
    const negative = m[1] === '-' || (m[3] !== undefined && m[3].startsWith('-'));
    let part = m[2] !== undefined ? m[2] : m[3].replace(/^-+/, '');
    part = part.replace(/\s+/g, ' ').trim();
    if (m[2] === undefined) part = part.replace(/"/g, '');
    if (!/[\p{L}\p{N}]/u.test(part)) continue;
    const target = negative ? exclude : include;
    if (!target.includes(part)) target.push(part);
  }
  return { include, exclude };
}
