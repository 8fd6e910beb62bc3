// What a measure is cited as: its report's bibliographic facts, the section it stands in, and the
// GB/T 7714-2015 entry for an electronic resource built from them.
import type { Chunk, DocMeta, SearchBackend } from '../core/types';
import { chunkUrl } from './view-models/links';
import { romanisedTitle, syllables } from '../core/pinyin';

/** One citable measure: everything a citation or a reference-manager export needs. */
export interface Reference {
  /** The measure's id: also the export's record key. */
  id: string;
  /** The report's id: the key of a record for the whole report. */
  docId: string;
  /** 主要责任者 as stated; none when the report names no author. */
  author?: string;
  /** The organisation that issued the report, named by its publisher, when the report names no author. */
  corporate?: string;
  title: string;
  /** The title in pinyin, as English-language journals ask for it (see core/pinyin.ts's romanisedTitle). */
  titleRomanised: string;
  /** The title's English translation, where the report's front matter gives one (title_en); never made up. */
  titleEn?: string;
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
  /** This knowledge base's copy of the whole report. */
  reportUrl: string;
  /** The section the measure stands in, outermost first, and the measure's own heading. */
  section: string[];
  heading: string;
  /** The measure's title, which tells it apart from the other measures of its report. */
  label: string;
  /** The page of the source the measure starts on (reports converted from a PDF). */
  page?: number;
  city?: string;
  /** YYYY-MM-DD. */
  accessed: string;
}

/** The GB/T 7714 word for a missing author. */
export const NO_AUTHOR = '佚名';

/** What a citation says when the report's original address is unknown and it cites this knowledge base's copy. */
export const KB_COPY = '知识库副本（原始地址不详）';

/** The parts of a measure a citation reads (a search hit has them too). */
export type Citable = Pick<Chunk, 'id' | 'docId' | 'docTitle' | 'heading' | 'sectionPath' | 'city' | 'published' | 'page' | 'title'>;

/**
 * A publisher that names an organisation (市委政法委, 某某区人民法院) rather than a website, an app or a
 * paper (昆明长安网, 新湖南客户端): only an organisation can stand as a corporate author.
 */
export function namesOrganisation(publisher: string): boolean {
  const name = publisher.trim();
  if (/(网|网站|客户端|报|报社|台|号|频道|app|APP|App)$/u.test(name)) return false;
  return /(委员会|委|局|厅|院|办公室|办|部|政府|中心|公署|协会|学会|大队|支队|总队|派出所|所|处|庭|会)$/u.test(name);
}

/** Romanised titles, each made once: an export of 10,000 measures cites a few reports. */
const romanised = new Map<string, string>();

function romanisedOnce(title: string, places: string[], romanise = romanisedTitle, kind = ''): string {
  const key = [kind, title, ...places].join('\u0000');
  let out = romanised.get(key);
  if (out === undefined) {
    if (romanised.size >= 2000) romanised.clear();
    romanised.set(key, (out = romanise(title, places)));
  }
  return out;
}

export function referenceFor(chunk: Citable, doc: DocMeta | null, origin: string, accessed: Date): Reference {
  const permalink = `${origin}${chunkUrl(chunk.id)}`;
  const published = doc?.published ?? chunk.published;
  const section = chunk.sectionPath.filter((s) => s !== chunk.heading);
  const corporate = !doc?.author && doc?.publisher && namesOrganisation(doc.publisher) ? doc.publisher : undefined;
  const title = doc?.title ?? chunk.docTitle;
  const places = [doc?.city ?? chunk.city, doc?.district, doc?.province].filter((p): p is string => !!p);
  return {
    id: chunk.id,
    docId: chunk.docId,
    author: doc?.author,
    ...(corporate ? { corporate } : {}),
    title,
    titleRomanised: romanisedOnce(title, places),
    ...(doc?.titleEn ? { titleEn: doc.titleEn } : {}),
    titleSupplied: doc?.titleSupplied === true,
    publisher: doc?.publisher,
    published,
    dateInferred: !!published && doc?.dateInferred === true,
    url: doc?.url ?? permalink,
    original: !!doc?.url,
    permalink,
    reportUrl: `${origin}/docs/${encodeURIComponent(chunk.docId)}`,
    section,
    heading: chunk.heading,
    label: chunk.title ?? [...section, chunk.heading].join(' › '),
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
 * marks information not taken from the resource itself; a missing author is 佚名 (8.1.2). Where the
 * original address is unknown the access path is this knowledge base's copy, and the entry says so.
 * `url`: the access path of a record for the whole report rather than the measure.
 */
export function gbt7714(ref: Reference, url = ref.url): string {
  const title = ref.titleSupplied ? `[${ref.title}]` : ref.title;
  const date = ref.published ? `(${ref.dateInferred ? `[${ref.published}]` : ref.published})` : '';
  const copy = ref.original ? '' : ` ${KB_COPY}.`;
  return `${stop(ref.author ?? NO_AUTHOR)} ${title}[EB/OL]. ${date}[${ref.accessed}]. ${stop(url)}${copy}`;
}

/** A person's name in pinyin as English-language journals write it: surname, then the given name as one word (王薇 → Wang Wei). */
function personInPinyin(name: string): string | null {
  if (!/^\p{Script=Han}{2,3}$/u.test(name) || namesOrganisation(name)) return null;
  const [family, ...given] = syllables(name);
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return [cap(family), cap(given.join(''))].filter(Boolean).join(' ');
}

/**
 * The title in pinyin with its English translation in brackets where the report gives one, as the
 * citation files carry it beside the title in characters: Baoshan zhe shi nian … [Ten years of Baoshan …].
 */
export function romanisedTitleText(ref: Reference): string {
  return ref.titleEn ? `${ref.titleRomanised} [${ref.titleEn}]` : ref.titleRomanised;
}

/** The romanised title as a citation prints it: in square brackets as a whole when the title was supplied. */
export function romanisedTitleForm(ref: Reference): string {
  const form = romanisedTitleText(ref);
  return ref.titleSupplied ? `[${form}]` : form;
}

/**
 * The citation English-language journals ask for: author and title in pinyin, the translated title
 * in brackets where there is one, then the title in characters, publisher, date and address:
 * Wang Wei. Baoshan zhe shi nian … [Ten years …] 【保山这十年】…. Kunming chang an wang, 2022-06-27. https://….
 */
export function romanisedCitation(ref: Reference, url = ref.url): string {
  const places = [ref.city].filter((p): p is string => !!p);
  const who = ref.author ?? ref.corporate;
  // Made once per name: a GB/T download of 10,000 measures gives each its romanised entry.
  const author = who ? romanisedOnce(who, places, (name, at) => personInPinyin(name) ?? romanisedTitle(name, at), 'author') : 'Anon.';
  const publisher = ref.publisher ? `${romanisedOnce(ref.publisher, places)}, ` : '';
  const date = ref.published ? (ref.dateInferred ? `[${ref.published}]` : ref.published) : 'n.d.';
  return `${stop(author)} ${romanisedTitleForm(ref)} ${ref.title}. ${publisher}${date}. ${stop(url)} Accessed ${ref.accessed}.`;
}

/** Where in the report the measure stands, as a reader finds it: its title, which names its section. */
export function locator(ref: Reference): string {
  return ref.label + (ref.page ? `（第${ref.page}页）` : '');
}

/** The measures of a download grouped by report, in the order each report first appears. */
export function byReport(refs: Reference[]): Reference[][] {
  const groups = new Map<string, Reference[]>();
  for (const r of refs) {
    const g = groups.get(r.docId);
    if (g) g.push(r);
    else groups.set(r.docId, [r]);
  }
  return [...groups.values()];
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
