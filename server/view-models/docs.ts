// The list of reports and one whole report with its outline, every chunk anchored.
import type { Chunk, DocMeta, SearchBackend } from '../../core/types';
import { type Labels, fieldLabel } from '../labels';
import { genreLabel, messages } from '../i18n';
import { renderMarkdown } from '../markdown';
import { highlightHtml } from '../html-text';
import { type Lang, langQuery } from '../lang';
import { needles, parseQuery } from '../../search/query';
import { toSearchParams, urlFor, type SearchState } from '../url-state';
import { pageView, type PageView } from './page';
import type { Link } from './search';
import { DOC_PAGE_SIZE, chunkUrl, inReportUrl, pageQuery } from './links';

/** The words a search looks for, synonyms included when it searched them: to mark them in a text. */
export function searchedWords(from: SearchState | null, labels: Labels): string[] {
  return from?.q ? needles(parseQuery(from.q, { synonyms: from.synonyms ? labels.taxonomy.synonyms : [] })) : [];
}

/** The query string that says which search a page was opened from ("" for none), as from= carries it. */
export function fromQuery(from: SearchState | null): string {
  return from ? toSearchParams({ ...from, lang: 'zh' }).toString() : '';
}

/** An address of this site with from= added (after its own keys but lang, before its anchor). */
export function withFrom(url: string, from: string): string {
  if (!from) return url;
  const hash = url.indexOf('#');
  const [path, anchor] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  const [base, qs = ''] = path.split('?');
  const p = new URLSearchParams(qs);
  const lang = p.get('lang');
  p.delete('lang');
  p.append('from', from);
  if (lang) p.append('lang', lang);
  return `${base}?${p.toString()}${anchor}`;
}

export async function docsData(backend: SearchBackend): Promise<{ docs: (DocMeta & { url: string })[] }> {
  return { docs: (await backend.listDocs()).map((d) => ({ ...d, url: `/docs/${encodeURIComponent(d.id)}` })) };
}

export interface DocsView extends PageView {
  docs: { title: string; url: string; place: string; published: string; genre: string; count: string }[];
}

export function docsView(data: Awaited<ReturnType<typeof docsData>>, lang: Lang): DocsView {
  const m = messages(lang);
  const suffix = langQuery(lang);
  return {
    ...pageView(lang, m.reportList, `/docs${suffix}`, '/api/docs'),
    docs: data.docs.map((d) => ({
      title: d.title,
      url: `${d.url}${suffix}`,
      place: [d.province, d.city, d.district].filter(Boolean).join(' › '),
      published: d.published ?? '',
      genre: genreLabel(lang, d.genre),
      count: m.chunksCount(d.chunkCount),
    })),
  };
}

export interface DocData {
  doc: DocMeta;
  page: number;
  totalPages: number;
  /** The measures of this page. */
  chunks: (Chunk & { url: string })[];
  /** Every section of the report, with the measure where it starts. */
  outline: { heading: string; depth: number; chunkId: string; position: number }[];
}

export async function docData(backend: SearchBackend, id: string, page = 1): Promise<DocData | null> {
  const doc = await backend.getDoc(id);
  if (!doc) return null;
  const all = await backend.getDocChunks(id);
  const totalPages = Math.max(1, Math.ceil(all.length / DOC_PAGE_SIZE));
  const at = Math.min(Math.max(1, page), totalPages);
  const outline: DocData['outline'] = [];
  let path: string[] = [];
  all.forEach((c, i) => {
    // A section starts where the path first differs from the one before.
    let same = 0;
    while (same < c.sectionPath.length && c.sectionPath[same] === path[same]) same++;
    c.sectionPath.slice(same).forEach((heading, k) => outline.push({ heading, depth: same + k, chunkId: c.id, position: i }));
    path = c.sectionPath;
  });
  const chunks = all.slice((at - 1) * DOC_PAGE_SIZE, at * DOC_PAGE_SIZE).map((c) => ({ ...c, url: chunkUrl(c.id) }));
  return { doc, page: at, totalPages, chunks, outline };
}

export interface DocView extends PageView {
  doc: DocMeta;
  facts: { label: string; value: string }[];
  /** Says when the title was supplied or inferred rather than taken from the report. */
  titleNote: string;
  /** Each section of the outline, numbered: a block names the innermost section it stands in. */
  outline: (Link & { depth: number; section: number })[];
  pages: (Link & { current: boolean })[];
  blocks: { id: string; section: number; headings: { text: string; depth: number }[]; heading: string; html: string; url: string; speaker?: string }[];
  /** The search the report was opened from (through a measure), to go back to; its words are marked. */
  back: Link | null;
}

export function docView(data: DocData, lang: Lang, labels: Labels, from: SearchState | null = null): DocView {
  const m = messages(lang);
  const suffix = langQuery(lang);
  const d = data.doc;
  const fromQs = fromQuery(from);
  const words = searchedWords(from, labels);
  const pageOf = (position: number) => Math.floor(position / DOC_PAGE_SIZE) + 1;
  const outline = data.outline.map((o, i) => ({
    label: o.heading,
    depth: o.depth,
    section: i,
    url: pageOf(o.position) === data.page ? `#${encodeURIComponent(o.chunkId)}` : withFrom(inReportUrl(d.id, o.position, o.chunkId, lang), fromQs),
  }));
  const starts = new Map<string, { text: string; depth: number }[]>();
  for (const o of data.outline) starts.set(o.chunkId, [...(starts.get(o.chunkId) ?? []), { text: o.heading, depth: o.depth }]);
  const first = (data.page - 1) * DOC_PAGE_SIZE;
  // The innermost section a measure stands in: the last one to start at or before it (-1 before any).
  const sectionAt = (position: number) => data.outline.findLastIndex((o) => o.position <= position);
  const blocks = data.chunks.map((c, i) => ({
    id: c.id,
    section: sectionAt(first + i),
    // A section heading is printed where the section starts.
    headings: starts.get(c.id) ?? [],
    heading: c.heading,
    html: highlightHtml(renderMarkdown(c.text), words),
    url: `${c.url}${suffix}`,
    speaker: c.speaker,
  }));
  const pageUrl = (n: number) => withFrom(`/docs/${encodeURIComponent(d.id)}${pageQuery(n, lang)}`, fromQs);
  const pages =
    data.totalPages > 1 ? Array.from({ length: data.totalPages }, (_, i) => ({ label: String(i + 1), url: pageUrl(i + 1), current: i + 1 === data.page })) : [];
  return {
    ...pageView(lang, d.title, `/docs/${encodeURIComponent(d.id)}${suffix}`, `/api/docs/${encodeURIComponent(d.id)}`),
    doc: d,
    // What the corpus supplied or inferred is said to be so, as the citation marks it.
    facts: [
      { label: fieldLabel('city', lang), value: [d.province, d.city, d.district].filter(Boolean).join(' › ') },
      { label: m.published, value: d.published ? `${d.published}${d.dateInferred || d.inferred?.includes('published') ? ` ${m.inferredMark}` : ''}` : '' },
      { label: m.author, value: d.author ?? '' },
      { label: m.source, value: d.publisher ?? '' },
      { label: m.original, value: d.url ?? '' },
      { label: m.genre, value: genreLabel(lang, d.genre) },
      { label: m.measures, value: String(d.chunkCount) },
    ].filter((f) => f.value),
    titleNote: d.titleSupplied ? m.titleSupplied : d.inferred?.includes('title') ? m.titleInferred : '',
    outline,
    pages,
    blocks,
    back: from ? { label: m.backToResults, url: urlFor('/', { ...from, lang }) } : null,
  };
}
