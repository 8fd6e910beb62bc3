// Citation downloads: one measure (/chunks/<id>.ris), a result set (/search.ris?…, the search page's
// state) and a selection of measures (/selection.ris?id=…&id=…, or the same ids POSTed), each as
// RIS, BibTeX (.bib) or GB/T 7714 text (.txt). A result set and a selection give one record per
// report with the measures cited from it; per=measure gives one record per measure.
import express, { Router, type Request, type Response } from 'express';
import type { Chunk, SearchBackend } from '../../core/types';
import type { Labels } from '../labels';
import { HttpError, getRoute, otherMethods } from '../errors';
import { originOf } from '../request';
import { referencer, type Citable, type Reference } from '../citation';
import { EXPORT_FORMATS, EXPORT_UNITS, sendReferences, type ExportFormat, type ExportUnit } from '../exports';
import { parseSearchState } from '../url-state';
import { allHits } from '../view-models/search';
import { exportName } from '../download';
import { isChunkId } from '../../core/ids';
import { missingMeasure } from '../missing';
import { SELECTION_MAX } from '../view-models/links';
import { chunksOf } from '../view-models/selection';

/** A result-set export holds at most this many measures, as the CSV does. */
export const CITE_MAX = 10_000;

export const SELECTION_NAME = { ascii: 'pingan-selection', unicode: '平安建设举措-选集' };

async function referencesOf(backend: SearchBackend, chunks: AsyncIterable<Citable> | Iterable<Citable>, origin: string): Promise<Reference[]> {
  const cite = referencer(backend, origin);
  const refs: Reference[] = [];
  for await (const c of chunks) refs.push(await cite(c));
  return refs;
}

/** How a form of ids is read (a selection's page and its exports, POSTed). */
export const selectionBody = express.urlencoded({ extended: false, limit: '256kb', parameterLimit: SELECTION_MAX + 10 });

/** The ids of a selection, from the query string (GET) or a form body (POST). */
export function selectionIds(source: Record<string, unknown> | undefined): string[] {
  const raw = source?.id;
  const list = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  if (!list.length) throw new HttpError(400, { code: 'selection-empty' });
  if (list.length > SELECTION_MAX) throw new HttpError(400, { code: 'selection-size', max: SELECTION_MAX, got: list.length });
  const bad = list.find((id) => !isChunkId(id));
  if (bad !== undefined) throw new HttpError(400, { code: 'selection-id', got: bad.slice(0, 80) });
  return [...new Set(list)];
}

/** One record per report (the default, and for a value it does not know) or per measure (per=measure). */
function unitOf(source: Record<string, unknown> | undefined): ExportUnit {
  return EXPORT_UNITS.find((u) => u === String(source?.per)) ?? 'work';
}

export function citeRoutes(backend: SearchBackend, labels: Labels): Router {
  const r = Router();

  for (const format of EXPORT_FORMATS) {
    getRoute(r, `/search.${format}`, async (req: Request, res: Response) => {
      const { state } = parseSearchState(req.query);
      const refs = await referencesOf(backend, allHits(backend, state, {}, CITE_MAX), originOf(req));
      await sendReferences(res, refs, format, exportName(state, labels, state.lang, 'measures'), unitOf(req.query as Record<string, unknown>));
    });

    const selection = async (req: Request, res: Response, ids: string[], unit: ExportUnit) => {
      const found = (await chunksOf(backend, ids)).filter((c): c is Chunk => !!c);
      if (!found.length) throw new HttpError(404, { code: 'selection-gone', count: ids.length });
      // Ids that a re-index retired are named in a header, so that the page can tell the reader.
      const present = new Set(found.map((c) => c.id));
      const missing = ids.filter((id) => !present.has(id));
      if (missing.length) res.set('X-Missing-Ids', missing.join(' ').slice(0, 4000));
      await sendReferences(res, await referencesOf(backend, found, originOf(req)), format, SELECTION_NAME, unit);
    };
    r.route(`/selection.${format}`)
      .get((req, res, next) => {
        const query = req.query as Record<string, unknown>;
        selection(req, res, selectionIds(query), unitOf(query)).catch(next);
      })
      .post(selectionBody, (req, res, next) =>
        selection(req, res, selectionIds(req.body as Record<string, unknown>), unitOf({ ...(req.query as object), ...(req.body as object) })).catch(next),
      )
      .all(otherMethods('GET, HEAD, POST'));
  }

  // /chunks/<id>.ris: the measure page's twin for reference managers.
  getRoute(r, /^\/chunks\/([^/]+)\.(ris|bib|txt)$/, async (req: Request, res: Response) => {
    const [id, format] = [String(req.params[0]), req.params[1] as ExportFormat];
    const chunk = await backend.getChunk(id);
    if (!chunk) throw new HttpError(404, (await missingMeasure(req, backend, id)).problem);
    await sendReferences(res, await referencesOf(backend, [chunk], originOf(req)), format, { ascii: chunk.id, unicode: chunk.id }, 'measure');
  });

  return r;
}
