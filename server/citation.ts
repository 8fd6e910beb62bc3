// What a measure is cited as: its report's bibliographic facts, the section it stands in, and the
// GB/T 7714-2015 entry for an electronic resource built from them.
import type { Chunk, DocMeta, SearchBackend } from '../core/types';
import { chunkUrl } from './view-models/links';

/** One citable measure: everything a citation or a reference-manager export needs. */
export interface Reference {
  /** The measure's id: also the export's record key. */
  id: string;
  /** 主要责任者 as stated; none when the report names no author. */
  author?: string;
  title: string;
  /** The corpus supplied the title (the report has none). */
  titleSupplied: boolean;
  publisher?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  published?: string;
  /** The date was inferred from the text. */
  dateInferred: boolean;
  /** The access path: the original publication when its address is known, else this measure's permalink. */
  url: string;
  /** True when `url` is the original publication's address. */
  original: boolean;
  /** This knowledge base's permanent address of the measure. */
  permalink: string;
  /** The section the measure stands in, outermost first, and the measure's own heading. */
  section: string[];
  heading: string;
  /** The page of the source the measure starts on (reports converted from a PDF). */
  page?: number;
  city?: string;
  /** YYYY-MM-DD. */
  accessed: string;
}

/** The GB/T 7714 word for a missing author. */
export const NO_AUTHOR = '佚名';

/** The parts of a measure a citation reads (a search hit has them too). */
export type Citable = Pick<Chunk, 'id' | 'docId' | 'docTitle' | 'heading' | 'sectionPath' | 'city' | 'published' | 'page'>;

export function referenceFor(chunk: Citable, doc: DocMeta | null, origin: string, accessed: Date): Reference {
  const permalink = `${origin}${chunkUrl(chunk.id)}`;
  const published = doc?.published ?? chunk.published;
  return {
    id: chunk.id,
    author: doc?.author,
    title: doc?.title ?? chunk.docTitle,
    titleSupplied: doc?.titleSupplied === true,
    publisher: doc?.publisher,
    published,
    dateInferred: !!published && doc?.dateInferred === true,
    url: doc?.url ?? permalink,
    original: !!doc?.url,
    permalink,
    section: chunk.sectionPath.filter((s) => s !== chunk.heading),
    heading: chunk.heading,
    ...(chunk.page ? { page: chunk.page } : {}),
    city: chunk.city,
    accessed: accessed.toISOString().slice(0, 10),
  };
}

/** Ends an element with the standard's full stop, unless it already ends with ? or !. */
function stop(s: string): string {
  return /[.?!。？！]$/u.test(s) ? s : `${s}.`;
}

/**
 * The GB/T 7714-2015 entry for an electronic bulletin online:
 * 主要责任者. 题名[EB/OL]. (发布日期)[引用日期]. 获取和访问路径.
 * A title the corpus supplied and a date it inferred stand in square brackets, as the standard
 * marks information not taken from the resource itself; a missing author is 佚名 (8.1.2).
 */
export function gbt7714(ref: Reference): string {
  const title = ref.titleSupplied ? `[${ref.title}]` : ref.title;
  const date = ref.published ? `(${ref.dateInferred ? `[${ref.published}]` : ref.published})` : '';
  return `${stop(ref.author ?? NO_AUTHOR)} ${title}[EB/OL]. ${date}[${ref.accessed}]. ${stop(ref.url)}`;
}

/** Where in the report the measure stands, as a reader finds it: the section, then the measure. */
export function locator(ref: Reference): string {
  return [...ref.section, ref.heading].join(' › ') + (ref.page ? `（第${ref.page}页）` : '');
}

/** References for many measures of a download, each report looked up once. */
export function referencer(backend: SearchBackend, origin: string, accessed = new Date()): (c: Citable) => Promise<Reference> {
  const docs = new Map<string, Promise<DocMeta | null>>();
  return async (c) => {
    let doc = docs.get(c.docId);
    if (!doc) docs.set(c.docId, (doc = backend.getDoc(c.docId)));
    return referenceFor(c, await doc, origin, accessed);
  };
}
