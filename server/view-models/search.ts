// The search page: one data function whose result is the JSON twin, and a view model in which
// every link is already built, so that templates only print.
import { exportLinks } from '../exports';
import { needles, parseQuery } from '../../search/query';
import { readingOf, readingText, type QueryReading } from './query-reading';
import { matchReasons } from '../match-reason';
import { highlight } from '../../search/highlight';
import type { FacetField, FilterField, Hit, SearchBackend, SearchResult } from '../../core/types';
import { SORTS } from '../../core/types';
import { facetFields, filterFields } from '../../core/fields';
import { type Labels, fieldLabel } from '../labels';
import { messages } from '../i18n';
import type { Lang } from '../lang';
import { EMPTY_STATE, MAX_Q_LENGTH, hiddenFields, toSearchParams, toggleFilter, urlFor, withState, type SearchState } from '../url-state';
import { pageView, type PageView } from './page';
import { suggest, type Help } from './suggest';
import { chunkUrl, inReportUrl } from './links';
import { facetPanels, perPageLinks, scopeChips, scopeChoice, type FacetPanel } from './search-controls';

export { chunkUrl };

export type ApiHit = Hit & { url: string };

export interface SearchData extends Omit<SearchResult, 'hits'> {
  query: {
    q: string;
    /** The scope chosen for the whole query (scope=…), or null. */
    scope: SearchState['scope'];
    filters: SearchState['filters'];
    sort: string;
    synonyms: boolean;
    page: number;
    perPage: number;
    read: QueryReading | null;
  };
  hits: ApiHit[];
  /** Only when the search found nothing or almost nothing. */
  help: Help | null;
  /** The titles of the reports the search is limited to (doc=…), by id. */
  docTitles: Record<string, string>;
}

export async function searchData(backend: SearchBackend, state: SearchState, labels: Labels, withHelp = true): Promise<SearchData> {
  const docIds = state.filters.doc ?? [];
  const [res, docs] = await Promise.all([
    backend.search({
      q: state.q,
      ...(state.scope ? { scope: state.scope } : {}),
      filters: state.filters,
      sort: state.sort ?? undefined,
      synonyms: state.synonyms,
      page: state.page,
      perPage: state.perPage,
    }),
    Promise.all(docIds.map((id) => backend.getDoc(id))),
  ]);
  const docTitles: Record<string, string> = Object.create(null);
  for (const d of docs) if (d) docTitles[d.id] = d.title;
  return {
    query: {
      q: state.q,
      scope: state.scope,
      filters: state.filters,
      sort: state.sort ?? (state.q ? 'relevance' : 'report'),
      synonyms: state.synonyms,
      page: res.page,
      perPage: res.perPage,
      // How separators and operators were read (调解、网格 → 调解 AND 网格), when the query used any.
      read: readingOf(state.q, state.scope),
    },
    ...res,
    hits: res.hits.map((h) => ({ ...h, url: chunkUrl(h.id) })),
    help: withHelp ? await suggest(backend, state, res, labels) : null,
    docTitles,
  };
}

/** matched the theme 调解 (mediation): for words found only in a hit's place, agencies, themes or practices. */
function whyMatched(h: Hit, words: string[], labels: Labels, lang: Lang): string | null {
  const reasons = matchReasons(h, words, labels.taxonomy);
  if (!reasons.length) return null;
  const m = messages(lang);
  return m.matchedVia(
    reasons.map((r) => {
      const shown = labels.value(r.field, r.value, 'zh');
      const other = labels.romanised(r.field, r.value) ?? labels.value(r.field, r.value, 'en');
      const what = lang === 'en' ? fieldLabel(r.field, lang).toLowerCase() : fieldLabel(r.field, lang);
      return `${what} ${shown}${other !== shown ? ` (${other})` : ''}`;
    }),
  );
}

/** Every hit of a search, up to `max`, from one state of the index: for exports and tables over whole result sets. */
export function allHits(backend: SearchBackend, state: SearchState, extra: { withText?: boolean; withFigures?: boolean }, max: number): AsyncIterable<Hit> {
  return backend.exportHits(
    {
      q: state.q,
      ...(state.scope ? { scope: state.scope } : {}),
      filters: state.filters,
      sort: state.sort ?? undefined,
      synonyms: state.synonyms,
      page: 1,
      perPage: 1,
      ...extra,
    },
    max,
  );
}

export interface Link {
  label: string;
  url: string;
}

export interface HitView {
  id: string;
  /** The measure, opened from this search (its words marked, a way back). */
  url: string;
  /** The measure's own address. */
  permalink: string;
  /** What tells the measure apart within its report (section and own lead words), plain and with the query's words marked. */
  title: string;
  titleHtml: string;
  headingHtml: string;
  snippetHtml: string;
  crumbs: string[];
  docUrl: string;
  speaker?: string;
  published?: string;
  /** Place, agencies and themes, as text: the measure page links each to its search. */
  tags: { field: FilterField; label: string }[];
  practices: string[];
  /** Why the hit matched words it does not show (the theme 调解 (mediation)). */
  why: string | null;
}

export interface HelpView {
  /** What emptied the search, as sentences. */
  culprits: string[];
  suggestions: (Link & { count: number })[];
  /** A caption for the facet column when it shows counts other than the search's own. */
  facetsCaption: string | null;
  note: string | null;
}

export interface SearchView extends PageView {
  state: SearchState;
  /** The page's one h1 (read by screen readers; the query box shows it to everyone else). */
  heading: string;
  /** Filters chosen, shown on the drawer's summary. */
  selectedCount: number;
  /** The drawer of filters starts open (narrow screens keep it closed so that results come first). */
  openFilters: boolean;
  /** Facet values are links to other searches rather than filters of this one (zero results). */
  facetLinks: boolean;
  stats: string;
  notices: string[];
  facets: FacetPanel[];
  chips: (Link & { field: string })[];
  clearAllUrl: string | null;
  hits: HitView[];
  sorts: (Link & { selected: boolean })[];
  pages: { prev: string | null; next: string | null; label: string; numbers: (Link & { current: boolean })[] };
  perPage: (Link & { current: boolean })[];
  csvUrl: string;
  /** The whole result set as citations, one link per format. */
  citeUrls: { format: string; label: string; url: string }[];
  compareUrl: string;
  canonicalUrl: string;
  hidden: { name: string; value: string }[];
  scopeChoice: ReturnType<typeof scopeChoice>;
  helpUrl: string;
  /** What the synonyms added, with a link to search without them (or, when off, with them). */
  synonyms: { text: string; link: Link } | null;
  help: HelpView | null;
}

export function searchView(data: SearchData, state: SearchState, labels: Labels, notices: string[] = []): SearchView {
  const { lang } = state;
  const m = messages(lang);
  const words = needles(parseQuery(state.q));
  const current = { ...state, page: data.page };
  const canonicalUrl = urlFor('/', current);
  const label = (f: FilterField, v: string) => (f === 'doc' && Object.hasOwn(data.docTitles, v) ? data.docTitles[v] : labels.value(f, v, lang));
  const help = data.help;
  // On zero results the column shows the counts of the query without its filters (or of the
  // whole corpus), and a value there leads to exactly that count.
  const scope = data.total === 0 ? help?.facets?.scope : undefined;
  const counts = scope ? (help?.facets?.counts ?? {}) : data.facets;
  const linkTo = (field: FacetField, value: string) =>
    scope ? urlFor('/', { ...EMPTY_STATE, lang, synonyms: state.synonyms, q: scope === 'unfiltered' ? state.q : '', filters: { [field]: [value] } }) : null;
  const facets = facetPanels(counts, { lang, links: !!scope, label, linkTo });
  const filterChips = filterFields().flatMap((field) =>
    (state.filters[field] ?? []).map((v) => ({ field: fieldLabel(field, lang), label: label(field, v), url: urlFor('/', toggleFilter(state, field, v)) })),
  );
  const chips = [...scopeChips(state), ...filterChips];
  const from = toSearchParams({ ...current, lang: 'zh' }).toString();
  const marked = [...words, ...data.expansions.flatMap((e) => e.added)];
  const hits = data.hits.map((h) => ({
    id: h.id,
    url: chunkUrl(h.id, lang, from),
    permalink: chunkUrl(h.id, lang),
    title: h.title ?? h.heading,
    titleHtml: h.title ? highlight(h.title, marked) : h.headingHtml,
    headingHtml: h.headingHtml,
    snippetHtml: h.snippetHtml,
    crumbs: [h.docTitle, ...h.sectionPath.filter((s) => s !== h.heading)],
    docUrl: inReportUrl(h.docId, h.position, h.id, lang),
    speaker: h.speaker,
    published: h.published,
    practices: h.practices,
    tags: [
      ...(h.city ? [{ field: 'city' as const, value: h.city }] : []),
      ...h.agencies.map((value) => ({ field: 'agency' as const, value })),
      ...h.themes.map((value) => ({ field: 'theme' as const, value })),
    ].map((t) => ({ field: t.field, label: label(t.field, t.value) })),
    why: whyMatched(h, words, labels, lang),
  }));
  const sortLabels = { relevance: m.sortRelevance, date: m.sortDateNewest, '-date': m.sortDateOldest, report: m.sortReport, '-report': m.sortReportReversed };
  const sorts = SORTS.filter((s) => s !== 'relevance' || state.q).map((s) => ({
    label: sortLabels[s],
    url: urlFor('/', withState(state, { sort: s })),
    selected: data.query.sort === s,
  }));
  const synonyms = data.expansions.length
    ? {
        text: m.alsoSearched(data.expansions.flatMap((e) => e.added)),
        link: { label: m.searchWithoutSynonyms(data.expansions.map((e) => e.word)), url: urlFor('/', withState(state, { synonyms: false })) },
      }
    : !state.synonyms
      ? { text: m.synonymsOff, link: { label: m.searchWithSynonyms, url: urlFor('/', withState(state, { synonyms: true })) } }
      : null;
  const helpView: HelpView | null = help
    ? {
        culprits: help.culprits.map((c) => (c.kind === 'word' ? m.emptiedByWord(c.subject) : m.emptiedByFilter(c.subject))),
        suggestions: help.suggestions.map((x) => ({ label: m.suggestion(x.kind, x.subject), url: x.url, count: x.count })),
        facetsCaption: scope === 'unfiltered' ? m.facetsWithoutFilters : scope === 'corpus' ? m.facetsWholeCorpus : null,
        note: help.latinQuery ? m.reportsAreChinese : null,
      }
    : null;
  const pageUrl = (n: number) => urlFor('/', { ...state, page: n });
  const first = Math.max(1, Math.min(data.page - 3, data.totalPages - 6));
  const numbers = Array.from({ length: Math.min(7, data.totalPages) }, (_, i) => first + i).map((n) => ({
    label: String(n),
    url: pageUrl(n),
    current: n === data.page,
  }));
  // The form asks for the query and the facets; the rest of the state travels in it as hidden fields.
  const hidden = hiddenFields(state, ['q', 'scope', ...facetFields()]);
  const page = pageView(lang, state.q, canonicalUrl, urlFor('/api/search', current));
  return {
    ...page,
    skip: { href: '#results', label: m.skipToResults },
    state: current,
    heading: state.q ? m.searchResultsFor(state.q) : m.siteName,
    selectedCount: filterChips.length,
    openFilters: false,
    facetLinks: !!scope,
    stats: m.results(data.total, data.tookMs),
    notices: [
      ...(data.query.read ? [m.queryRead(state.q, readingText(data.query.read, m))] : []),
      ...notices.map((n) => (n === 'query-cut' ? m.queryCut(MAX_Q_LENGTH) : n)),
    ],
    facets,
    chips,
    clearAllUrl: chips.length ? urlFor('/', { ...EMPTY_STATE, q: state.q, lang }) : null,
    hits,
    sorts,
    pages: {
      prev: data.page > 1 ? pageUrl(data.page - 1) : null,
      next: data.page < data.totalPages ? pageUrl(data.page + 1) : null,
      label: m.page(data.page, data.totalPages),
      numbers,
    },
    perPage: perPageLinks(current),
    csvUrl: urlFor('/search.csv', { ...state, page: 1, perPage: EMPTY_STATE.perPage }),
    citeUrls: exportLinks(m, (format) => urlFor(`/search.${format}`, { ...state, page: 1, perPage: EMPTY_STATE.perPage })),
    compareUrl: urlFor('/compare', { ...state, page: 1, perPage: EMPTY_STATE.perPage, sort: null }),
    canonicalUrl,
    hidden,
    scopeChoice: scopeChoice(state),
    helpUrl: state.lang === 'en' ? '/help/search?lang=en' : '/help/search',
    synonyms,
    help: helpView,
  };
}
