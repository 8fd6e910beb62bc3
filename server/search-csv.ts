// The CSV export of a search: every hit (at most CSV_MAX_ROWS) with its permalink and citation, the
// filter fields among the columns at the places the field registry gives them.
import type { Request, Response } from 'express';
import { fields } from '../core/fields';
import type { Chunk, Hit, SearchBackend } from '../core/types';
import { originOf } from './request';
import type { Labels } from './labels';
import type { Lang } from './lang';
import type { SearchState } from './url-state';
import { allHits } from './view-models/search';
import { csvDownload, csvHeader, csvLine } from './csv';
import { csvColumns, kindLabel, type CsvColumn } from './i18n';
import { gbt7714, referencer } from './citation';
import { exportName, type FileName } from './download';
import { chunkUrl } from './view-models/links';

export const CSV_MAX_ROWS = 10_000;

interface Context {
  origin: string;
  lang: Lang;
  labels: Labels;
  cite: (h: Hit) => Promise<string>;
}

interface Column {
  column: CsvColumn;
  place: number;
  cell: (h: Hit, x: Context) => unknown;
}

/** The export's own columns; a field without a place of its own goes after `published`. */
const OWN: Column[] = [
  { column: 'id', place: 0, cell: (h) => h.id },
  { column: 'url', place: 1, cell: (h, x) => `${x.origin}${chunkUrl(h.id)}` },
  { column: 'heading', place: 2, cell: (h) => h.title ?? h.heading },
  { column: 'report', place: 3, cell: (h) => h.docTitle },
  { column: 'section', place: 4, cell: (h) => h.sectionPath.join(' › ') },
  { column: 'kind', place: 5, cell: (h, x) => kindLabel(x.lang, h.kind) },
  { column: 'agency_names', place: 45, cell: (h) => h.agencyNames },
  { column: 'speaker', place: 80, cell: (h) => h.speaker },
  { column: 'published', place: 81, cell: (h) => h.published },
  { column: 'citation', place: 90, cell: (h, x) => x.cite(h) },
  { column: 'text', place: 91, cell: (h) => h.text },
];
const FIELD_PLACE = 85;

function layout(): Column[] {
  const fieldColumns = fields().flatMap((f) =>
    f.csv
      ? [{ column: f.csv.column, place: f.csv.place ?? FIELD_PLACE, cell: (h: Hit, x: Context) => f.read(h).map((v) => x.labels.value(f.key, v, x.lang)) }]
      : [],
  );
  return [...OWN, ...fieldColumns].sort((a, b) => a.place - b.place);
}

export async function sendSearchCsv(backend: SearchBackend, state: SearchState, labels: Labels, req: Request, res: Response): Promise<void> {
  // Ask for the first page before sending headers, so that a failing search still gets its error page.
  const hits = allHits(backend, state, { withText: true }, CSV_MAX_ROWS)[Symbol.asyncIterator]();
  const first = await hits.next();
  await sendCsvRows(backend, hits, first, state.lang, labels, req, res, exportName(state, labels, state.lang, 'measures'));
}

/** The same columns for given measures (a selection), in the order given. */
export async function sendChunksCsv(
  backend: SearchBackend,
  chunks: Chunk[],
  lang: Lang,
  labels: Labels,
  req: Request,
  res: Response,
  name: FileName,
): Promise<void> {
  const rows = chunks.map((c): Hit => ({ ...c, headingHtml: '', snippetHtml: '', figureCount: c.figures.length }))[Symbol.iterator]();
  await sendCsvRows(backend, rows, rows.next(), lang, labels, req, res, name);
}

async function sendCsvRows(
  backend: SearchBackend,
  hits: Iterator<Hit> | AsyncIterator<Hit>,
  first: IteratorResult<Hit>,
  lang: Lang,
  labels: Labels,
  req: Request,
  res: Response,
  name: FileName,
): Promise<void> {
  const origin = originOf(req);
  const referenceOf = referencer(backend, origin);
  const x: Context = { origin, lang, labels, cite: async (h) => gbt7714(await referenceOf(h)) };
  const columns = layout();
  csvDownload(res, name);
  res.write(
    csvHeader(
      csvColumns(
        lang,
        columns.map((c) => c.column),
      ),
    ),
  );
  for (let h = first; !h.done; h = await hits.next()) res.write(csvLine(await Promise.all(columns.map((c) => c.cell(h.value, x)))));
  res.end();
}
