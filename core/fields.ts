// The field registry: one entry per filter field, from which everything that names a field is
// derived — the URL keys and their order, the CLI flags, the facets both backends count, how the
// embedded index stores a field and which Meilisearch attribute holds it, the CSV columns and the
// labels readers see. Adding a field is adding an entry here.
import type { Chunk } from './types';

/** What a field reads its values from: a chunk, or a search hit (a chunk without its text and figures). */
export type FieldSource = Omit<Chunk, 'text' | 'figures'>;

export interface FieldSpec {
  /** The field's name: its URL key (?city=), its CLI flag (--city) and its key in Filters. */
  key: string;
  /** The values a chunk has for this field. */
  read(c: FieldSource): string[];
  /**
   * Puts stored values back on a chunk, for fields a chunk carries as a property of its own.
   * Fields computed from the rest of the chunk leave it out.
   */
  write?(c: Chunk, values: string[]): void;
  /** Counted with every search, disjunctively: a facet's counts ignore its own selection. */
  facet: boolean;
  /** A query word also matches the field's values (a chunk's place, agencies and themes). */
  metadata?: boolean;
  /** What a value must look like in a URL (a year is four digits); others are refused with a message. */
  format?: 'year';
  /** The field's name for readers: facet titles, filter chips, CLI help. */
  label: { zh: string; en: string };
  /** The Meilisearch attribute holding the values. */
  attribute: string;
  /**
   * The field's column in search exports: its English header, and its place among the columns
   * (server/routes/search.ts numbers the others; a field without a place comes after them).
   */
  csv?: { column: string; place?: number };
}

const one =
  <K extends 'city' | 'province' | 'district'>(k: K) =>
  (c: FieldSource) =>
    c[k] ? [c[k] as string] : [];

/** The fields, in their canonical order (URLs, facets, chips, CSV columns follow it). */
const BUILT_IN: FieldSpec[] = [
  {
    key: 'city',
    read: one('city'),
    write: (c, v) => (c.city = v[0]),
    facet: true,
    metadata: true,
    label: { zh: '城市', en: 'City' },
    attribute: 'city',
    csv: { column: 'city', place: 20 },
  },
  {
    key: 'province',
    read: one('province'),
    write: (c, v) => (c.province = v[0]),
    facet: true,
    metadata: true,
    label: { zh: '省份', en: 'Province' },
    attribute: 'province',
    csv: { column: 'province', place: 10 },
  },
  {
    key: 'district',
    read: one('district'),
    write: (c, v) => (c.district = v[0]),
    facet: true,
    metadata: true,
    label: { zh: '区县', en: 'District' },
    attribute: 'district',
    csv: { column: 'district', place: 30 },
  },
  {
    key: 'agency',
    read: (c) => c.agencies,
    write: (c, v) => (c.agencies = v),
    facet: true,
    metadata: true,
    label: { zh: '部门', en: 'Agency' },
    attribute: 'agencies',
    csv: { column: 'agencies', place: 40 },
  },
  {
    key: 'theme',
    read: (c) => c.themes,
    write: (c, v) => (c.themes = v),
    facet: true,
    metadata: true,
    label: { zh: '主题', en: 'Theme' },
    attribute: 'themes',
    csv: { column: 'themes', place: 60 },
  },
  {
    key: 'practice',
    read: (c) => c.practices,
    write: (c, v) => (c.practices = v),
    facet: true,
    metadata: true,
    label: { zh: '做法', en: 'Practice' },
    attribute: 'practices',
    csv: { column: 'practices', place: 70 },
  },
  {
    key: 'year',
    read: (c) => (c.year ? [String(c.year)] : []),
    write: (c, v) => (c.year = v.length ? Number(v[0]) : undefined),
    facet: true,
    format: 'year',
    // The report's year (its date of publication, inferred from the text where the report gives none).
    label: { zh: '报告年份', en: 'Report year' },
    attribute: 'year',
  },
  {
    key: 'doc',
    read: (c) => [c.docId],
    write: (c, v) => (c.docId = v[0]),
    facet: false,
    label: { zh: '报告', en: 'Report' },
    attribute: 'docId',
  },
  {
    key: 'kind',
    read: (c) => [c.kind],
    write: (c, v) => (c.kind = v[0] as Chunk['kind']),
    facet: false,
    label: { zh: '类型', en: 'Kind' },
    attribute: 'kind',
  },
];

const registry: FieldSpec[] = [...BUILT_IN];
const byKey = new Map(registry.map((f) => [f.key, f]));

/** Every field, in canonical order. */
export function fields(): readonly FieldSpec[] {
  return registry;
}

export function field(key: string): FieldSpec | undefined {
  return byKey.get(key);
}

/** The names of every filter field, in canonical order. */
export function filterFields(): string[] {
  return registry.map((f) => f.key);
}

/** The names of the fields counted with every search. */
export function facetFields(): string[] {
  return registry.filter((f) => f.facet).map((f) => f.key);
}

/** The names of the fields whose values a query word also matches. */
export function metadataFields(): string[] {
  return registry.filter((f) => f.metadata).map((f) => f.key);
}

/** The values a chunk has for a field (none for a field no longer registered). */
export function fieldValues(c: FieldSource, key: string): string[] {
  return byKey.get(key)?.read(c) ?? [];
}

/** Names that URLs and the CLI use for something else. */
const RESERVED = new Set([
  'q',
  'sort',
  'syn',
  'page',
  'per_page',
  'lang',
  'json',
  'from',
  'id',
  'view',
  'cells',
  'label',
  'unit',
  'sort_by',
  'rows',
  'columns',
]);

/**
 * Adds a field (after the built-in ones) and returns a function that removes it again. An index
 * built while it is registered counts and filters it; an index built before knows nothing of it.
 */
export function registerField(spec: FieldSpec): () => void {
  if (!/^[a-z][a-z0-9_]*$/.test(spec.key)) throw new Error(`A field name is lower-case letters, digits and _ (got "${spec.key}").`);
  if (RESERVED.has(spec.key)) throw new Error(`"${spec.key}" names a parameter of its own, not a field.`);
  if (byKey.has(spec.key)) throw new Error(`The field "${spec.key}" is registered already.`);
  if (registry.some((f) => f.attribute === spec.attribute)) throw new Error(`The attribute "${spec.attribute}" belongs to another field.`);
  registry.push(spec);
  byKey.set(spec.key, spec);
  return () => {
    registry.splice(registry.indexOf(spec), 1);
    byKey.delete(spec.key);
  };
}

/** How much of a request a reader may send: one policy for the URL, the CLI and every backend. */
export const LIMITS = {
  /** Characters of a query; a longer one is cut. */
  queryLength: 200,
  /** Values of one filter. */
  valuesPerFilter: 20,
  /** Characters of one filter value. */
  valueLength: 100,
} as const;
