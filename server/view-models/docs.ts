// The list of reports and one whole report with its outline, every chunk anchored.
import type { Chunk, DocMeta, SearchBackend } from '../../core/types';
import { fieldLabel } from '../labels';
import { genreLabel, messages } from '../i18n';
import { renderMarkdown } from '../markdown';
import { type Lang, langQuery } from '../lang';
import { pageView, type PageView } from './page';
import type { Link } from './search';
import { DOC_PAGE_SIZE, chunkUrl, inReportUrl, pageQuery } from './links';

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
  outline: (Link & { depth: number })[];
  pages: (Link & { current: boolean })[];
  blocks: { id: string; headings: { text: string; depth: number }[]; heading: string; html: string; url: string; speaker?: string }[];
}

export function docView(data: DocData, lang: Lang): DocView {
  const m = messages(lang);
  const suffix = langQuery(lang);
  const d = data.doc;
  const pageOf = (position: number) => Math.floor(position / DOC_PAGE_SIZE) + 1;
  const outline = data.outline.map((o) => ({
    label: o.heading,
    depth: o.depth,
    url: pageOf(o.position) === data.page ? `#${encodeURIComponent(o.chunkId)}` : inReportUrl(d.id, o.position, o.chunkId, lang),
  }));
  const starts = new Map<string, { text: string; depth: number }[]>();
  for (const o of data.outline) starts.set(o.chunkId, [...(starts.get(o.chunkId) ?? []), { text: o.heading, depth: o.depth }]);
  const blocks = data.chunks.map((c) => ({
    id: c.id,
    // A section heading is printed where the section starts.
    headings: starts.get(c.id) ?? [],
    heading: c.heading,
    html: renderMarkdown(c.text),
    url: `${c.url}${suffix}`,
    speaker: c.speaker,
  }));
  const pageUrl = (n: number) => `/docs/${encodeURIComponent(d.id)}${pageQuery(n, lang)}`;
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
  };
}
