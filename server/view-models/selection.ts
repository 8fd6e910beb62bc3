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

/** The ids of a selection as the address gives them: in order, each once (empty ones left out), at most SELECTION_PAGE_MAX. */
export function selectionQueryIds(query: Record<string, unknown>): string[] {
  const raw = query.id;
  const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map((v) => (typeof v === 'string' ? v : ''));
  if (list.length > SELECTION_PAGE_MAX) throw new HttpError(400, { code: 'selection-size', max: SELECTION_PAGE_MAX, got: list.length });
  return [...new Set(list.map((id) => id.trim()).filter(Boolean))];
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
  max: number;
  /** The measures found, in the order given. */
  measures: SelectionMeasure[];
  /** The ids that name no measure of the index, with the reason. */
  missing: SelectionMissing[];
  /** Exports of exactly the measures found, in their order (none when none was found). */
  exports: Record<SelectionExport, string> | null;
  /** The address that reopens this list. */
  shareUrl: string;
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
  const found = await Promise.all(ids.map((id) => (isChunkId(id) ? backend.getChunk(id) : Promise.resolve(null))));
  for (const [position, id] of ids.entries()) {
    const chunk = found[position];
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
  return {
    ids,
    max: SELECTION_PAGE_MAX,
    measures,
    missing,
    exports: kept.length ? (Object.fromEntries(SELECTION_EXPORTS.map((f) => [f, selectionPath(`/selection.${f}`, kept)])) as SelectionData['exports']) : null,
    shareUrl: `${origin}${selectionPath('/selection', ids)}`,
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
  shareUrl: string;
}

export function selectionView(data: SelectionData, lang: Lang, origin: string): SelectionView {
  const m = messages(lang);
  const page = selectionPath('/selection', data.ids, [['lang', lang === 'en' ? 'en' : '']]);
  const json = selectionPath('/api/selection', data.ids);
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
          url: selectionPath(
            `/selection.${format}`,
            data.measures.map((x) => x.id),
            [...extra, ['lang', format === 'csv' && lang === 'en' ? 'en' : '']],
          ),
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
    shareUrl: `${origin}${page}`,
  };
}
