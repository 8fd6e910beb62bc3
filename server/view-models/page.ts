// What every page's layout needs: language, interface text, links to the JSON twin and the other language.
import { messages, type Messages } from '../i18n';
import type { Lang } from '../lang';
import { SELECTION_PAGE_MAX } from './links';

export interface PageView {
  lang: Lang;
  m: Messages;
  title: string;
  /** The JSON twin of this page. */
  jsonUrl?: string;
  /** This page in the other language. */
  langUrl: string;
  homeUrl: string;
  docsUrl: string;
  compareNavUrl: string;
  figuresNavUrl: string;
  /** The selection page (the selection bar adds the reader's ids), and how many measures a selection holds. */
  selectionUrl: string;
  selectionMax: number;
  /** The skip link at the top of the page: to the main content, or where a page says its content starts. */
  skip: { href: string; label: string };
}

/** Adds or replaces ?lang= in a path, leaving the rest of the query as it is. */
export function withLang(pathAndQuery: string, lang: Lang): string {
  const [path, query = ''] = pathAndQuery.split('?');
  const p = new URLSearchParams(query);
  p.delete('lang');
  if (lang !== 'zh') p.append('lang', lang);
  const qs = p.toString();
  return qs ? `${path}?${qs}` : path;
}

export function pageView(lang: Lang, title: string, url: string, jsonUrl?: string): PageView {
  const m = messages(lang);
  return {
    lang,
    m,
    title: title ? `${title} · ${m.siteName}` : m.siteName,
    jsonUrl,
    langUrl: withLang(url, lang === 'zh' ? 'en' : 'zh'),
    homeUrl: withLang('/', lang),
    docsUrl: withLang('/docs', lang),
    compareNavUrl: withLang('/compare', lang),
    figuresNavUrl: withLang('/figures', lang),
    selectionUrl: withLang('/selection', lang),
    selectionMax: SELECTION_PAGE_MAX,
    skip: { href: '#main', label: m.skipToContent },
  };
}
