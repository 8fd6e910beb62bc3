// Small string helpers shared by the extractors.

/** How often needle occurs in text, without overlaps. */
export function countOccurrences(text: string, needle: string): number {
  if (!needle) return 0;
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}

export { escapeRegExp } from '../core/normalize';

/** A line a converter writes where a page of the source (a PDF) starts: <!-- page 3 -->. */
export const PAGE_MARK = /^<!-- page (\d+) -->$/;
export const pageMark = (n: number) => `<!-- page ${n} -->`;
