// Measures side by side: two to four cities, each with its measures as cards and the reports behind it.
import type { FacetCount, Hit, SearchBackend } from '../../core/types';
import { figureView, type FigureView } from '../figure-text';
import { describeProblem } from '../problems';
import type { Labels } from '../labels';
import { messages } from '../i18n';
import { StateError, hiddenFields, pageStateUrl, urlFor, withoutPaging, type SearchState } from '../url-state';
import { coverageOf, coverageView, type CityCoverage, type CoverageView } from './coverage';
import { pageView, type PageView } from './page';
import { chunkUrl } from './search';

export const MIN_CITIES = 2;
export const MAX_CITIES = 4;
const CARDS = 20;

export interface SideBySideData {
  query: { q: string; filters: SearchState['filters'] };
  columns: { city: string; total: number; hits: (Hit & { url: string })[] }[];
  /** The reports behind each city compared, as beside the matrix. */
  coverage: CityCoverage[];
}

/** The cities, 2 to 4 of them, a side-by-side comparison is asked for; a StateError otherwise. */
function chosenCities(state: SearchState): string[] {
  const cities = state.filters.city ?? [];
  if (cities.length < MIN_CITIES || cities.length > MAX_CITIES)
    throw new StateError({ code: 'cities', key: 'city', min: MIN_CITIES, max: MAX_CITIES, got: cities.length });
  return cities;
}

export async function sideBySideData(backend: SearchBackend, state: SearchState): Promise<SideBySideData> {
  const cities = chosenCities(state);
  const searches = Promise.all(
    cities.map(async (city) => {
      const res = await backend.search({
        q: state.q,
        ...(state.scope ? { scope: state.scope } : {}),
        filters: { ...state.filters, city: [city] },
        page: 1,
        perPage: CARDS,
        facets: false,
        withFigures: true,
      });
      return { city, total: res.total, hits: res.hits.map((h) => ({ ...h, url: chunkUrl(h.id) })) };
    }),
  );
  const [columns, coverage] = await Promise.all([searches, coverageOf(backend, cities)]);
  return { query: { q: state.q, filters: state.filters }, columns, coverage };
}

/** What the page's form offers: every city and theme of the search without its city and theme filters. */
export async function sideBySideChoices(backend: SearchBackend, state: SearchState): Promise<{ cities: FacetCount[]; themes: FacetCount[] }> {
  const { city: _city, theme: _theme, ...filters } = state.filters;
  const res = await backend.search({ q: state.q, ...(state.scope ? { scope: state.scope } : {}), filters, page: 1, perPage: 1 });
  return { cities: res.facets.city ?? [], themes: res.facets.theme ?? [] };
}

export interface SideBySideView extends PageView {
  state: SearchState;
  heading: string;
  /** Why there is nothing side by side yet (too few or too many cities). */
  problem: string | null;
  form: {
    hidden: { name: string; value: string }[];
    cities: { value: string; count: number; checked: boolean }[];
    themes: { value: string; label: string; selected: boolean }[];
  };
  csvUrl: string | null;
  columns: {
    city: string;
    /** The city's name with the district its reports cover (昆明市 · 官渡区). */
    label: string;
    /** Its reports, with genre, year, district and size. */
    coverage: CoverageView['reports'];
    total: number;
    searchUrl: string;
    cards: { id: string; title: string; url: string; headingHtml: string; snippetHtml: string; agencies: string; practices: string[]; figures: FigureView[] }[];
  }[];
}

export function sideBySideView(
  data: SideBySideData | null,
  choices: Awaited<ReturnType<typeof sideBySideChoices>>,
  state: SearchState,
  labels: Labels,
  problem: StateError | null = null,
): SideBySideView {
  const { lang } = state;
  const m = messages(lang);
  const themes = (state.filters.theme ?? []).map((t) => labels.value('theme', t, lang)).join('、');
  const heading = themes ? `${m.compareMeasures}: ${themes}` : m.compareMeasures;
  const chosen = state.filters.city ?? [];
  const covered = new Map(coverageView(data?.coverage ?? [], lang, (v) => labels.value('city', v, lang)).map((c) => [c.city, c]));
  return {
    ...pageView(lang, heading, pageStateUrl('/compare/measures', state), pageStateUrl('/api/compare/measures', state)),
    state,
    heading,
    problem: problem ? describeProblem(problem.problem, lang) : null,
    form: {
      hidden: hiddenFields(withoutPaging(state), ['q', 'city', 'theme']),
      // The chosen cities first, even where the search finds nothing in them.
      cities: [
        ...chosen.map((c) => ({ value: c, count: choices.cities.find((x) => x.value === c)?.count ?? 0 })),
        ...choices.cities.filter((c) => !chosen.includes(c.value)),
      ].map((c) => ({ value: c.value, count: c.count, checked: chosen.includes(c.value) })),
      themes: choices.themes.map((t) => ({
        value: t.value,
        label: labels.value('theme', t.value, lang),
        selected: state.filters.theme?.includes(t.value) ?? false,
      })),
    },
    csvUrl: data ? pageStateUrl('/compare/measures.csv', state) : null,
    columns: (data?.columns ?? []).map((c) => ({
      city: c.city,
      label: covered.get(c.city)?.label ?? c.city,
      coverage: covered.get(c.city)?.reports ?? [],
      total: c.total,
      searchUrl: urlFor('/', { ...state, page: 1, filters: { ...state.filters, city: [c.city] } }),
      cards: c.hits.map((h) => ({
        id: h.id,
        title: h.title ?? h.heading,
        url: chunkUrl(h.id, lang),
        headingHtml: h.headingHtml,
        snippetHtml: h.snippetHtml,
        agencies: h.agencies.map((a) => labels.value('agency', a, lang)).join('、'),
        practices: h.practices,
        figures: (h.figures ?? []).slice(0, 6).map((f) => figureView(f, lang)),
      })),
    })),
  };
}
