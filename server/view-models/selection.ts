// The selection page (/selection?id=…&id=…) and its JSON twin: the measures a reader collected, in
// the order given, with their reports, the exports of exactly this list and the link that reopens it.
// The list lives in the address; the browser keeps the reader's own copy (public/app.js).
import type { Chunk, DocMeta, SearchBackend } from '../../core/types';
import { docIdOfChunk, isChunkId } from '../../core/ids';
import { HttpError } from '../errors';
import { messages, kindLabel } from '../i18n';
import type { Lang } from '../lang';
import type { RemovedOn } from '../missing';
import { SELECTION_PAGE_MAX, chunkUrl } from './links';
import { pageView, withLang, type PageView } from './page';

/** The formats a selection exports to, in the order the page offers them. */
export const SELECTION_EXPORTS = ['csv', 'ris', 'bib', 'txt'] as const;
export type SelectionExport = (typeof SELECTION_EXPORTS)[number];

/**
 * The ids of a selection as the address (or, for a longer one, a form's body) gives them: in order,
 * each once (empty ones left out), at most `max`.
 */
export function selectionQueryIds(query: Record<string, unknown> | undefined, max = SELECTION_PAGE_MAX): string[] {
  const raw = query?.id;
  const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => (typeof v === 'string' ? v : ''));
  if (list.length > max) throw new HttpError(400, { code: max === SELECTION_PAGE_MAX ? 'selection-address' : 'selection-size', max, got: list.length });
  return [...new Set(list.map((id) => id.trim()).filter(Boolean))];
}

/** The measures of ids found in the index, in their order, looked up a batch at a time (a search server is asked a few at once). */
export async function chunksOf(backend: SearchBackend, ids: string[]): Promise<(Chunk | null)[]> {
  const out: (Chunk | null)[] = [];
  for (let i = 0; i < ids.length; i += 50) out.push(...(await Promise.all(ids.slice(i, i + 50).map((id) => backend.getChunk(id)))));
  return out;
}

/** The address of a selection: its ids in order, repeated `id` keys. */
export function selectionPath(path: string, ids: readonly string[], extra: [string, string][] = []): string {
  const p = new URLSearchParams();
  for (const id of ids) p.append('id', id);
  for (const [k, v] of extra) if (v) p.append(k, v);
  const qs = p.toString();
  return qs ? `${path}?${qs}` : path;
}

export interface SelectionMeasure {
  /** Where in the requested list it stands (from 0). */
  position: number;
  id: string;
  /** What tells the measure apart within its report (its section path and lead words). */
  title: string;
  heading: string;
  kind: string;
  docId: string;
  docTitle: string;
  province?: string;
  city?: string;
  district?: string;
  published?: string;
  url: string;
  docUrl: string;
}

export interface SelectionMissing {
  position: number;
  /** As given (at most 100 characters of it). */
  id: string;
  /** malformed: not a measure id; removed: its report left the knowledge base; changed: its report was re-chunked; unknown: no such report either. */
  reason: 'malformed' | 'removed' | 'changed' | 'unknown';
  report?: { id: string; title: string; url: string };
  removedOn?: string;
}

export interface SelectionData {
  /** The ids as given, each once, in order. */
  ids: string[];
  /** The most ids an address holds. */
  max: number;
  /**
   * False for a list longer than an address holds (a selection kept from before the limit, or
   * merged): its page and its exports are asked for by POST, with the ids in the body.
   */
  fitsAddress: boolean;
  /** The measures found, in the order given. */
  measures: SelectionMeasure[];
  /** The ids that name no measure of the index, with the reason. */
  missing: SelectionMissing[];
  /** Exports of exactly the measures found, in their order (none when none was found); without the ids when they do not fit an address. */
  exports: Record<SelectionExport, string> | null;
  /** The address that reopens this list; none when the list does not fit an address. */
  shareUrl: string | null;
}

function measureOf(c: Chunk, position: number): SelectionMeasure {
  return {
    position,
    id: c.id,
    title: c.title ?? [...c.sectionPath.filter((s) => s !== c.heading), c.heading].join(' › '),
    heading: c.heading,
    kind: c.kind,
    docId: c.docId,
    docTitle: c.docTitle,
    ...(c.province ? { province: c.province } : {}),
    ...(c.city ? { city: c.city } : {}),
    ...(c.district ? { district: c.district } : {}),
    ...(c.published ? { published: c.published } : {}),
    url: chunkUrl(c.id),
    docUrl: `/docs/${encodeURIComponent(c.docId)}`,
  };
}

export async function selectionData(backend: SearchBackend, ids: string[], origin: string, removedOn?: RemovedOn): Promise<SelectionData> {
  const docs = new Map<string, Promise<DocMeta | null>>();
  const docOf = (id: string) => docs.get(id) ?? docs.set(id, backend.getDoc(id)).get(id)!;
  const measures: SelectionMeasure[] = [];
  const missing: SelectionMissing[] = [];
  const found = await chunksOf(backend, ids.filter(isChunkId));
  let next = 0;
  const chunkAt = ids.map((id) => (isChunkId(id) ? found[next++] : null));
  for (const [position, id] of ids.entries()) {
    const chunk = chunkAt[position];
    if (chunk) {
      measures.push(measureOf(chunk, position));
      continue;
    }
    if (!isChunkId(id)) {
      missing.push({ position, id: id.slice(0, 100), reason: 'malformed' });
      continue;
    }
    const docId = docIdOfChunk(id);
    const doc = await docOf(docId);
    const gone = doc ? null : (removedOn?.(docId) ?? null);
    missing.push({
      position,
      id,
      reason: doc ? 'changed' : gone ? 'removed' : 'unknown',
      ...(doc ? { report: { id: doc.id, title: doc.title, url: `/docs/${encodeURIComponent(doc.id)}` } } : {}),
      ...(gone ? { removedOn: gone } : {}),
    });
  }
  const kept = measures.map((m) => m.id);
  const fitsAddress = ids.length <= SELECTION_PAGE_MAX;
  const inAddress = fitsAddress ? kept : [];
  return {
    ids,
    max: SELECTION_PAGE_MAX,
    fitsAddress,
    measures,
    missing,
    exports: kept.length
      ? (Object.fromEntries(SELECTION_EXPORTS.map((f) => [f, selectionPath(`/selection.${f}`, inAddress)])) as SelectionData['exports'])
      : null,
    shareUrl: fitsAddress ? `${origin}${selectionPath('/selection', ids)}` : null,
  };
}

/** One line of the page's list: a measure, or an id that names none, in the order given. */
export interface SelectionItemView {
  id: string;
  found: boolean;
  title: string;
  url: string;
  /** Report, place, date, kind; or why the id names no measure. */
  report: { label: string; url: string } | null;
  place: string;
  details: string;
  note: string;
}

export interface SelectionView extends PageView {
  data: SelectionData;
  heading: string;
  summary: string;
  missingNote: string;
  items: SelectionItemView[];
  exports: { format: SelectionExport; label: string; url: string }[];
  perMeasure: { format: SelectionExport; label: string; url: string }[];
  /** The share link; empty for a list longer than an address holds. */
  shareUrl: string;
  /** For a list longer than an address holds: the ids its export form posts, its JSON twin's address (posted too) and what the page says of it. */
  posted: { ids: string[]; json: string; note: string } | null;
}

export function selectionView(data: SelectionData, lang: Lang, origin: string): SelectionView {
  const m = messages(lang);
  // A list longer than an address holds is reached by POST: its page's address names no id (the
  // browser posts the reader's own selection there), and its exports are posted from a form.
  const inAddress = data.fitsAddress ? data.ids : [];
  const page = selectionPath('/selection', inAddress, [['lang', lang === 'en' ? 'en' : '']]);
  const json = data.fitsAddress ? selectionPath('/api/selection', data.ids) : undefined;
  const l = (url: string) => withLang(url, lang);
  const items: SelectionItemView[] = [
    ...data.measures.map((x) => ({
      id: x.id,
      found: true,
      title: x.title,
      url: l(x.url),
      report: { label: x.docTitle, url: l(x.docUrl) },
      place: [x.city, x.district].filter(Boolean).join(' · ') || x.province || '',
      details: [x.published, kindLabel(lang, x.kind)].filter(Boolean).join(' · '),
      note: '',
      position: x.position,
    })),
    ...data.missing.map((x) => ({
      id: x.id,
      found: false,
      title: x.id,
      url: '',
      report: x.report ? { label: x.report.title, url: l(x.report.url) } : null,
      place: '',
      details: '',
      note: { malformed: m.selectionMalformed, removed: m.selectionRemoved(x.removedOn ?? ''), changed: m.selectionChanged, unknown: m.selectionUnknown }[
        x.reason
      ],
      position: x.position,
    })),
  ]
    .sort((a, b) => a.position - b.position)
    .map(({ position: _p, ...item }) => item);
  const labels: Record<SelectionExport, string> = { csv: m.downloadCsvShort, ris: m.formatRis, bib: m.formatBib, txt: m.formatTxt };
  const exportsOf = (extra: [string, string][]) =>
    data.exports
      ? SELECTION_EXPORTS.map((format) => ({
          format,
          label: labels[format],
          url: selectionPath(`/selection.${format}`, data.fitsAddress ? data.measures.map((x) => x.id) : [], [
            ...extra,
            ['lang', format === 'csv' && lang === 'en' ? 'en' : ''],
          ]),
        }))
      : [];
  return {
    ...pageView(lang, m.selectionTitle, page, json),
    data,
    heading: m.selectionTitle,
    summary: data.ids.length ? m.selectionSummary.replace('{n}', String(data.measures.length)) : m.selectionEmpty,
    missingNote: data.missing.length ? m.selectionMissingIds(data.missing.length) : '',
    items,
    exports: exportsOf([]),
    perMeasure: exportsOf([['per', 'measure']]).filter((e) => e.format !== 'csv'),
    shareUrl: data.fitsAddress ? `${origin}${page}` : '',
    posted: data.fitsAddress ? null : { ids: data.measures.map((x) => x.id), json: '/api/selection', note: m.selectionLongNote(data.max) },
  };
}
