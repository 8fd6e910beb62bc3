// The shapes that the indexer produces and every search backend and the server consume.
import type { Reason } from './report-errors';

/** A word of a query and the synonyms searched with it. */
export interface Expansion {
  /** The word as typed. */
  word: string;
  /** The words searched as well. */
  added: string[];
}

/** A report file that could not be used (or is worth a look), with why. */
export interface FileProblem extends Reason {
  file: string;
}

export const CHUNK_KINDS = ['lead', 'section', 'measure', 'qa'] as const;
export type ChunkKind = (typeof CHUNK_KINDS)[number];

/** What a figure measures: a count, money, a rate or share (%), a change (下降 6.1 %, 比…下降), a ratio (人均). */
export const FIGURE_KINDS = ['count', 'amount', 'rate', 'change', 'ratio'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];
/** How a figure's period is known: one year, a range of years, months, a date (截至…), or not at all. */
export const PERIOD_KINDS = ['year', 'range', 'months', 'date', 'unknown'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** The time a figure covers, resolved from its period (十年来 → 2012–2022; 今年1至5月 → 2022-01..2022-05). */
export interface FigureSpan {
  kind: Exclude<PeriodKind, 'unknown'>;
  /** 2012, 2022-01, 2022-05-31. */
  from: string;
  to: string;
  /** True when worked out from the report's date (十年来, 今年), not written out. */
  inferred?: boolean;
}

export interface Figure {
  /** What is counted and, when the text says, what happened to it: 处理干警, 划分网格, 信访总量下降. */
  label: string;
  /** What is counted, without the action: 干警, 网格. */
  noun: string;
  /** What happened to it, when the text says: 处理, 划分, 下降. */
  action?: string;
  value: number;
  unit: string;
  /** The figure as written, e.g. "11.5674亿元", "297个…增加至340个". */
  raw: string;
  /** A shared name for nouns that mean the same thing (专兼职网格员 → 网格员). */
  group?: string;
  /** Words that qualify the number as written: 余, 多, 以上, 左右, 近, 约, 超过, 逾. */
  qualifier?: string;
  /** True when a qualifier makes the number approximate. */
  approx?: boolean;
  /** The value before a change written as one (原有297个…增加至340个: from 297, value 340). */
  from?: number;
  /** The period the text gives for it (2019年, 十年来, “十三五”期间, 今年1至5月), when it gives one. */
  period?: string;
  /** The year the figure refers to: its period's year, else the report's. */
  year?: number;
  kind?: FigureKind;
  /** The time covered, when the text says (or implies from the report's date). */
  span?: FigureSpan;
}

export interface Chunk {
  id: string;
  docId: string;
  docTitle: string;
  position: number;
  kind: ChunkKind;
  heading: string;
  /**
   * What tells the chunk apart from the others of its report: its section path and its own lead
   * words or number ("记者现场提问 › … › 实现应援尽援"). Indexes built before titles lack it.
   */
  title?: string;
  sectionPath: string[];
  text: string;
  speaker?: string;
  city?: string;
  province?: string;
  district?: string;
  agencies: string[];
  agencyNames: string[];
  themes: string[];
  practices: string[];
  figures: Figure[];
  year?: number;
  published?: string;
  /** The page of the source (a PDF) the chunk starts on. */
  page?: number;
}

export const GENRES = ['press-conference', 'interview', 'feature', 'review'] as const;
export type Genre = (typeof GENRES)[number];

export interface DocMeta {
  id: string;
  title: string;
  city?: string;
  province?: string;
  district?: string;
  /** The publisher or platform that carried the report (昆明长安网, 新湖南客户端). */
  publisher?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  published?: string;
  /** The original publication's address, when known. */
  url?: string;
  genre?: Genre;
  /** The author or responsible body (主要责任者) as the report states it. */
  author?: string;
  editor?: string;
  originalTitle?: string;
  /** The title's English translation as published or given by an editor (front matter title_en), for romanised citations. */
  titleEn?: string;
  /** The report carries no title; `title` was supplied by the corpus (a citation puts it in square brackets). */
  titleSupplied?: boolean;
  /** `published` was inferred from the text, not stated (a citation puts it in square brackets). */
  dateInferred?: boolean;
  /** Fields guessed by the indexer rather than stated in front matter (plain-text reports). */
  inferred?: string[];
  /** Path of the report file relative to the corpus directory. */
  path: string;
  chunkCount: number;
}

/** A field a search can be filtered by (the registry in core/fields.ts); values within a field are ORed, fields are ANDed. */
export type FilterField = string;

/** Fields whose counts are returned with every search (disjunctively). */
export type FacetField = string;

export type Filters = Partial<Record<FilterField, string[]>>;

/** date: newest report first (-date: oldest first); report: reading order (-report: reversed). */
export const SORTS = ['relevance', 'date', '-date', 'report', '-report'] as const;
export type Sort = (typeof SORTS)[number];

export const MAX_PER_PAGE = 100;

/** Where a query's words must stand: in the heading, or all together in one sentence or one paragraph of the text. */
export const SCOPES = ['heading', 'sentence', 'paragraph'] as const;
export type Scope = (typeof SCOPES)[number];

export interface SearchRequest {
  q: string;
  filters: Filters;
  /** Defaults to relevance with a query and report order without one. */
  sort?: Sort;
  page: number;
  perPage: number;
  /** Set false to skip facet counting (CSV export, paging through all hits). */
  facets?: boolean;
  /** Include each hit's full text (exports). */
  withText?: boolean;
  /** Include each hit's figures (comparisons). */
  withFigures?: boolean;
  /** Also search the synonyms of the query's words (default true). */
  synonyms?: boolean;
  /** The scope of every word the query itself gives none (see search/query.ts). */
  scope?: Scope;
}

export interface FacetCount {
  value: string;
  count: number;
  selected: boolean;
}

export type Hit = Omit<Chunk, 'text' | 'figures'> & {
  /** Only when the request asked for it. */
  text?: string;
  figures?: Figure[];
  headingHtml: string;
  snippetHtml: string;
  figureCount: number;
};

export interface SearchResult {
  total: number;
  page: number;
  perPage: number;
  totalPages: number;
  tookMs: number;
  hits: Hit[];
  facets: Partial<Record<FacetField, FacetCount[]>>;
  /** Words the synonyms added to. */
  expansions: Expansion[];
}

/** Counts of matching chunks for every pair of values of two fields (a city × theme matrix). */
export interface CrossCounts {
  total: number;
  tookMs: number;
  rows: { value: string; count: number; cells: Record<string, number> }[];
  /** Column values in order of their totals. */
  columns: { value: string; count: number }[];
}

export interface IndexStats {
  chunks: number;
  docs: number;
  builtAt: string | null;
  backend: string;
  sizeBytes?: number;
  /** What a build did that the operator should know (leftovers removed ...). */
  notes?: string[];
  /** The digest of the report files the index was built from (app/corpus-digest.ts), where the backend keeps it. */
  corpusDigest?: string;
}

/** What an index is built from, recorded with it. */
export interface IndexSource {
  corpusDigest?: string;
}

export interface Health {
  ok: boolean;
  backend: string;
  message?: string;
  /** The index was built from another state of the corpus than the one on disk (a re-index is under way, or failed). */
  stale?: boolean;
  /** What the index answering searches holds, when that is not the live one (the previous index serving in its place). */
  serving?: { chunks: number; docs: number };
}

export interface SearchBackend {
  readonly name: string;
  /** Replaces the whole index in one step: searches see the old or the new index, never a mix. */
  replaceAll(docs: DocMeta[], chunks: Chunk[], source?: IndexSource): Promise<IndexStats>;
  search(req: SearchRequest): Promise<SearchResult>;
  /**
   * How many chunks matching the request have each pair of values of `rows` × `columns`. Where the
   * request selects values of either field, only those values appear. A cell equals the total of
   * the same search with that row and column value as the only values of their fields.
   */
  crossCounts(req: SearchRequest, rows: FilterField, columns: FilterField): Promise<CrossCounts>;
  /**
   * Every hit of a search in its order, up to `max`, for exports and tables over whole result
   * sets: read from one state of the index from the first hit to the last (a re-index meanwhile
   * changes nothing), and handed out in batches that leave room for other requests.
   */
  exportHits(req: SearchRequest, max: number): AsyncIterable<Hit>;
  getChunk(id: string): Promise<Chunk | null>;
  /** All chunks of one report in reading order. */
  getDocChunks(docId: string): Promise<Chunk[]>;
  listDocs(): Promise<DocMeta[]>;
  getDoc(id: string): Promise<DocMeta | null>;
  stats(): Promise<IndexStats>;
  health(): Promise<Health>;
  close(): Promise<void>;
}
