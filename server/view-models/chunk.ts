// One measure's permalink page and its JSON twin.
import type { Chunk, DocMeta, SearchBackend } from '../../core/types';
import { type Labels, fieldLabel } from '../labels';
import { messages, kindLabel, type Messages } from '../i18n';
import { renderMarkdown } from '../markdown';
import { gbt7714, locator, referenceFor, romanisedCitation } from '../citation';
import { exportLinks } from '../exports';
import { figureView, type FigureView } from '../figure-text';
import { EMPTY_STATE, parseSearchState, urlFor, type SearchState } from '../url-state';
import { type Lang, langQuery } from '../lang';
import { highlightHtml } from '../html-text';
import { parseQueryString } from '../request';
import { inReportUrl } from './links';
import { fromQuery, searchedWords, withFrom } from './docs';
import { pageView, type PageView } from './page';
import { coverageOf, coverageView, type CityCoverage } from './coverage';
import { chunkUrl, type Link } from './search';

export interface ChunkData {
  chunk: Chunk;
  doc: DocMeta | null;
  url: string;
  previous: { id: string; heading: string; url: string } | null;
  next: { id: string; heading: string; url: string } | null;
  related: { id: string; heading: string; city?: string; docTitle: string; url: string }[];
  /** The reports behind each city of `related`, as beside the matrix: genre, year, district, size. */
  coverage: CityCoverage[];
}

const RELATED = 5;

export async function chunkData(backend: SearchBackend, id: string): Promise<ChunkData | null> {
  const chunk = await backend.getChunk(id);
  if (!chunk) return null;
  const [doc, siblings] = await Promise.all([backend.getDoc(chunk.docId), backend.getDocChunks(chunk.docId)]);
  const at = siblings.findIndex((c) => c.id === chunk.id);
  const brief = (c: Chunk | undefined) => (c ? { id: c.id, heading: c.heading, url: chunkUrl(c.id) } : null);
  let related: ChunkData['related'] = [];
  if (chunk.themes.length) {
    // Measures only: a report's lead or a section's opening is no measure to compare with.
    const res = await backend.search({ q: '', filters: { theme: [chunk.themes[0]], kind: ['measure'] }, page: 1, perPage: 60, facets: false });
    const seen = new Set<string>();
    // One measure per other city, so that the list compares cities.
    related = res.hits
      .filter((h) => h.city !== chunk.city && !seen.has(h.city ?? '') && seen.add(h.city ?? ''))
      .slice(0, RELATED)
      .map((h) => ({ id: h.id, heading: h.heading, city: h.city, docTitle: h.docTitle, url: chunkUrl(h.id) }));
  }
  const coverage = await coverageOf(backend, [...new Set(related.flatMap((r) => (r.city ? [r.city] : [])))]);
  return { chunk, doc, url: chunkUrl(chunk.id), previous: brief(siblings[at - 1]), next: brief(siblings[at + 1]), related, coverage };
}

export interface ChunkView extends PageView {
  data: ChunkData;
  html: string;
  crumbs: Link[];
  facts: { label: string; values: Link[] }[];
  figures: FigureView[];
  previous: Link | null;
  next: Link | null;
  /** Each with its city as the matrix names it (昆明市 · 官渡区) and the reports behind that city. */
  related: (Link & { city: string; coverage: string })[];
  inReportUrl: string;
  permalink: string;
  citation: string;
  /** On English pages: the citation with the title in pinyin (and its translation, where known). */
  romanised: string | null;
  locator: string;
  exports: { format: string; label: string; url: string }[];
  compareUrl: string | null;
  /** The search this measure was opened from, to go back to. */
  back: Link | null;
}

/** The search a measure page was opened from (its from= parameter), or null when there is none or it is not a search. */
export function searchFrom(raw: unknown): SearchState | null {
  if (typeof raw !== 'string' || !raw || raw.length > 4000) return null;
  try {
    return parseSearchState(parseQueryString(raw)).state;
  } catch {
    return null;
  }
}

export function chunkView(data: ChunkData, lang: Lang, labels: Labels, origin: string, from: SearchState | null = null, now = new Date()): ChunkView {
  const m = messages(lang);
  const c = data.chunk;
  const suffix = langQuery(lang);
  const fromQs = fromQuery(from);
  const words = searchedWords(from, labels);
  const filterLink = (field: 'city' | 'district' | 'province' | 'agency' | 'theme' | 'practice', value: string): Link => ({
    label: labels.value(field, value, lang),
    url: urlFor('/', { ...EMPTY_STATE, lang, filters: { [field]: [value] } }),
  });
  const docUrl = `/docs/${encodeURIComponent(c.docId)}${suffix}`;
  const permalink = `${origin}${data.url}`;
  return {
    ...pageView(lang, c.heading, chunkUrl(c.id, lang), `/api/chunks/${encodeURIComponent(c.id)}`),
    data,
    html: highlightHtml(renderMarkdown(c.text), words),
    crumbs: [
      { label: c.docTitle, url: withFrom(docUrl, fromQs) },
      ...c.sectionPath.filter((s) => s !== c.heading).map((s) => ({ label: s, url: withFrom(inReportUrl(c.docId, c.position, c.id, lang), fromQs) })),
    ],
    facts: [
      {
        label: fieldLabel('city', lang),
        values: [c.province, c.city, c.district]
          .filter((v): v is string => !!v)
          .map((v) => filterLink(v === c.province ? 'province' : v === c.city ? 'city' : 'district', v)),
      },
      { label: fieldLabel('agency', lang), values: c.agencies.map((a) => filterLink('agency', a)) },
      { label: m.agencyNames, values: c.agencyNames.map((n) => ({ label: n, url: urlFor('/', { ...EMPTY_STATE, lang, q: `"${n}"` }) })) },
      { label: fieldLabel('theme', lang), values: c.themes.map((t) => filterLink('theme', t)) },
      { label: fieldLabel('practice', lang), values: c.practices.map((p) => filterLink('practice', p)) },
      { label: m.speaker, values: c.speaker ? [{ label: c.speaker, url: '' }] : [] },
      { label: fieldLabel('kind', lang), values: [{ label: kindLabel(lang, c.kind), url: '' }] },
      { label: m.published, values: c.published ? [{ label: c.published, url: '' }] : [] },
      { label: m.sourcePage, values: c.page ? [{ label: String(c.page), url: '' }] : [] },
    ].filter((f) => f.values.length > 0),
    figures: c.figures.map((f) => figureView(f, lang)),
    previous: data.previous ? { label: data.previous.heading, url: chunkUrl(data.previous.id, lang, fromQs) } : null,
    next: data.next ? { label: data.next.heading, url: chunkUrl(data.next.id, lang, fromQs) } : null,
    related: relatedView(data, lang, labels),
    // The report keeps the search: its words marked, a way back to the results.
    inReportUrl: withFrom(inReportUrl(c.docId, c.position, c.id, lang), fromQs),
    permalink,
    ...citationParts(c, data.doc, origin, now, m),
    romanised: lang === 'en' ? romanisedCitation(referenceFor(c, data.doc, origin, now)) : null,
    compareUrl: compareMeasuresUrl(c, data.related, lang),
    back: from ? { label: m.backToResults, url: urlFor('/', { ...from, lang }) } : null,
  };
}

/** The related measures, each city with the coverage note the matrix gives it. */
function relatedView(data: ChunkData, lang: Lang, labels: Labels): ChunkView['related'] {
  const covered = new Map(coverageView(data.coverage, lang, (v) => labels.value('city', v, lang)).map((c) => [c.city, c]));
  return data.related.map((r) => {
    const c = covered.get(r.city ?? '');
    return { label: r.heading, url: chunkUrl(r.id, lang), city: c?.label ?? r.city ?? '', coverage: c?.reports.map((x) => x.text).join('; ') ?? '' };
  });
}

function citationParts(c: Chunk, doc: DocMeta | null, origin: string, now: Date, m: Messages) {
  const reference = referenceFor(c, doc, origin, now);
  return {
    citation: gbt7714(reference),
    locator: locator(reference),
    exports: exportLinks(m, (format) => `/chunks/${encodeURIComponent(c.id)}.${format}`),
  };
}

/** This measure's city beside up to three other cities on its first theme, or null when there is nothing to compare. */
function compareMeasuresUrl(c: Chunk, related: ChunkData['related'], lang: Lang): string | null {
  const cities = [...new Set([c.city, ...related.map((r) => r.city)].filter((x): x is string => !!x))].slice(0, 4);
  if (cities.length < 2 || !c.themes.length) return null;
  return urlFor('/compare/measures', { ...EMPTY_STATE, lang, filters: { city: cities, theme: [c.themes[0]] } });
}
