// The list of reports and one whole report with its outline, every chunk anchored.
import type { Chunk, DocMeta, SearchBackend } from '../../search/types';
import { genreLabel, messages } from '../i18n';
import { renderMarkdown } from '../markdown';
import type { Lang } from '../url-state';
import { pageView, type PageView } from './page';
import { chunkUrl, type Link } from './search';

export async function docsData(backend: SearchBackend): Promise<{ docs: (DocMeta & { url: string })[] }> {
  return { docs: (await backend.listDocs()).map((d) => ({ ...d, url: `/docs/${encodeURIComponent(d.id)}` })) };
}

export interface DocsView extends PageView {
  docs: { title: string; url: string; place: string; published: string; genre: string; count: string }[];
}

export function docsView(data: Awaited<ReturnType<typeof docsData>>, lang: Lang): DocsView {
  const m = messages(lang);
  const suffix = lang === 'en' ? '?lang=en' : '';
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
  chunks: (Chunk & { url: string })[];
}

export async function docData(backend: SearchBackend, id: string): Promise<DocData | null> {
  const doc = await backend.getDoc(id);
  if (!doc) return null;
  return { doc, chunks: (await backend.getDocChunks(id)).map((c) => ({ ...c, url: chunkUrl(c.id) })) };
}

export interface DocView extends PageView {
  doc: DocMeta;
  facts: { label: string; value: string }[];
  outline: (Link & { depth: number })[];
  blocks: { id: string; headings: { text: string; depth: number }[]; heading: string; html: string; url: string; speaker?: string }[];
}

export function docView(data: DocData, lang: Lang): DocView {
  const m = messages(lang);
  const suffix = lang === 'en' ? '?lang=en' : '';
  const outline: DocView['outline'] = [];
  let path: string[] = [];
  const blocks = data.chunks.map((c) => {
    // A section heading is printed where the section starts: from the first level that differs.
    let same = 0;
    while (same < c.sectionPath.length && c.sectionPath[same] === path[same]) same++;
    const headings = c.sectionPath.slice(same).map((text, k) => ({ text, depth: same + k }));
    for (const h of headings) outline.push({ label: h.text, url: `#${encodeURIComponent(c.id)}`, depth: h.depth });
    path = c.sectionPath;
    return { id: c.id, headings, heading: c.heading, html: renderMarkdown(c.text), url: `${c.url}${suffix}`, speaker: c.speaker };
  });
  const d = data.doc;
  return {
    ...pageView(lang, d.title, `/docs/${encodeURIComponent(d.id)}${suffix}`, `/api/docs/${encodeURIComponent(d.id)}`),
    doc: d,
    facts: [
      { label: m.city, value: [d.province, d.city, d.district].filter(Boolean).join(' › ') },
      { label: m.published, value: d.published ?? '' },
      { label: m.source, value: [d.source, d.author].filter(Boolean).join(' · ') },
      { label: m.genre, value: genreLabel(lang, d.genre) },
      { label: m.measures, value: String(d.chunkCount) },
    ].filter((f) => f.value),
    outline,
    blocks,
  };
}
