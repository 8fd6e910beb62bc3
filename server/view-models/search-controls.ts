// The search page's controls beside its hits: the facet column (values in a reader's order, the
// ones in view and the ones behind "more", a note where a field needs one) and the per-page choice.
import type { FacetCount, FacetField, FilterField } from '../../core/types';
import { SCOPES } from '../../core/types';
import { facetFields } from '../../core/fields';
import { fieldLabel } from '../labels';
import { messages } from '../i18n';
import type { Lang } from '../lang';
import { urlFor, withState, type SearchState } from '../url-state';

export interface FacetValueView extends FacetCount {
  label: string;
  /** Where the value leads when the facets are links (zero results); null where it is a checkbox of this search. */
  url: string | null;
}

export interface FacetPanel {
  field: FacetField;
  title: string;
  /** What the field's values are, where the title alone would mislead (a report's year, often inferred). */
  note: string | null;
  top: FacetValueView[];
  rest: FacetValueView[];
  /** The summary of the values behind "more". */
  moreLabel: string;
  /** Long lists get a box that narrows them (with JavaScript). */
  filterBox: boolean;
}

const FACET_TOP = 8;
/**
 * Fields with a long tail of names, each found once: their values in view are those found more than
 * once, and the ones found once wait behind "more" (practices: most are one report's own names).
 */
const TAIL_FIELDS: ReadonlySet<string> = new Set(['practice']);

const collators = { zh: new Intl.Collator('zh-Hans-CN'), en: new Intl.Collator('en') };

/** Equal counts in the order a reader expects: by label in the interface's collation. */
function byCountThenLabel(lang: Lang) {
  const c = collators[lang];
  return (a: FacetValueView, b: FacetValueView) => b.count - a.count || c.compare(a.label, b.label);
}

export interface FacetOptions {
  lang: Lang;
  /** Facet values are links elsewhere (zero results): none is shown as selected. */
  links: boolean;
  label: (field: FilterField, value: string) => string;
  linkTo: (field: FacetField, value: string) => string | null;
}

/** One panel per facet field that has values, in the registry's order. */
export function facetPanels(counts: Partial<Record<FacetField, FacetCount[]>>, o: FacetOptions): FacetPanel[] {
  const m = messages(o.lang);
  return facetFields()
    .map((field) => {
      const values = (counts[field] ?? [])
        .map((f) => ({ ...f, selected: o.links ? false : f.selected, label: o.label(field, f.value), url: o.linkTo(field, f.value) }))
        .sort(byCountThenLabel(o.lang));
      const tail = TAIL_FIELDS.has(field);
      // Selected values always stay in view.
      const top = values.filter((v, i) => v.selected || (tail ? v.count > 1 : i < FACET_TOP));
      const rest = values.filter((v) => !top.includes(v));
      return {
        field,
        title: fieldLabel(field, o.lang),
        note: field === 'year' ? m.yearFacetNote : null,
        top,
        rest,
        moreLabel: tail ? m.usedOnce(rest.length) : `${m.more} (${rest.length})`,
        filterBox: values.length > 2 * FACET_TOP,
      };
    })
    .filter((p) => p.top.length + p.rest.length > 0);
}

/** The choices of hits per page. */
export const PER_PAGE_CHOICES = [20, 50, 100] as const;

/** Each choice of hits per page as a link to the same search from its first page; the current one is marked. */
export function perPageLinks(state: SearchState): { label: string; url: string; current: boolean }[] {
  return PER_PAGE_CHOICES.map((n) => ({ label: String(n), url: urlFor('/', withState(state, { perPage: n })), current: n === state.perPage }));
}

/** The scope choice beside the search box: full text (no scope) or one of the scopes, the current one selected. */
export function scopeChoice(state: SearchState): { label: string; options: { value: string; label: string; selected: boolean }[] } {
  const m = messages(state.lang);
  return {
    label: m.scopeLabel,
    options: ['', ...SCOPES].map((value) => ({ value, label: m.scopeName(value), selected: value === (state.scope ?? '') })),
  };
}

/** The chip that says the search's scope, removing it when followed; none without a scope. */
export function scopeChips(state: SearchState): { field: string; label: string; url: string }[] {
  if (!state.scope) return [];
  const m = messages(state.lang);
  return [{ field: m.scopeLabel, label: m.scopeName(state.scope), url: urlFor('/', withState(state, { scope: null })) }];
}
