// Addresses of measures: their permalink, and their place in their report.
import type { Lang } from '../lang';

/** A selection (its page, its address) holds at most this many measures: the address must stay within what servers and browsers accept. */
export const SELECTION_PAGE_MAX = 200;

/**
 * A selection sent in a request's body (POST: the page of a longer selection, its exports) holds at
 * most this many measures, as many as a request may have parameters.
 */
export const SELECTION_MAX = 1000;

/** Measures on one page of a report: a long report is read page by page. */
export const DOC_PAGE_SIZE = 100;

/**
 * A measure's address. `from` is the query string of the search it was found by: the measure page
 * marks that search's words and leads back to it; the permalink itself never carries it.
 */
export function chunkUrl(id: string, lang: Lang = 'zh', from = ''): string {
  const p = new URLSearchParams();
  if (from) p.append('from', from);
  if (lang === 'en') p.append('lang', 'en');
  const qs = p.toString();
  return `/chunks/${encodeURIComponent(id)}${qs ? `?${qs}` : ''}`;
}

/** The query string of a page of a report ("" for the first page in Chinese). */
export function pageQuery(page: number, lang: Lang): string {
  const p = new URLSearchParams();
  if (page > 1) p.append('page', String(page));
  if (lang === 'en') p.append('lang', 'en');
  const qs = p.toString();
  return qs ? `?${qs}` : '';
}

/** Where a measure stands in its report: the page that holds it, at its anchor. */
export function inReportUrl(docId: string, position: number, chunkId: string, lang: Lang): string {
  return `/docs/${encodeURIComponent(docId)}${pageQuery(Math.floor(position / DOC_PAGE_SIZE) + 1, lang)}#${encodeURIComponent(chunkId)}`;
}
