// The selection page (/selection?id=…&id=…), its JSON twin (/api/selection?…) and its CSV
// (/selection.csv?…); the RIS, BibTeX and GB/T 7714 exports of a selection are in cite.ts.
import { Router, type Request, type Response } from 'express';
import type { Chunk, SearchBackend } from '../../core/types';
import type { Labels } from '../labels';
import { HttpError, getRoute, langOf } from '../errors';
import { originOf } from '../request';
import type { RemovedOn } from '../missing';
import { sendChunksCsv } from '../search-csv';
import { SELECTION_NAME, selectionIds } from './cite';
import { selectionData, selectionQueryIds, selectionView } from '../view-models/selection';

export function selectionRoutes(backend: SearchBackend, labels: Labels): Router {
  const r = Router();

  const data = (req: Request) =>
    selectionData(backend, selectionQueryIds(req.query as Record<string, unknown>), originOf(req), req.app.locals.removedOn as RemovedOn | undefined);

  getRoute(r, '/selection', async (req: Request, res: Response) => {
    res.render('selection', selectionView(await data(req), langOf(req), originOf(req)));
  });

  getRoute(r, '/api/selection', async (req: Request, res: Response) => {
    res.json(await data(req));
  });

  // The CSV of the search export's columns, one row per measure in the order given.
  getRoute(r, '/selection.csv', async (req: Request, res: Response) => {
    const ids = selectionIds(req.query as Record<string, unknown>);
    const found = (await Promise.all(ids.map((id) => backend.getChunk(id)))).filter((c): c is Chunk => !!c);
    if (!found.length) throw new HttpError(404, { code: 'selection-gone', count: ids.length });
    const present = new Set(found.map((c) => c.id));
    const missing = ids.filter((id) => !present.has(id));
    if (missing.length) res.set('X-Missing-Ids', missing.join(' ').slice(0, 4000));
    await sendChunksCsv(backend, found, langOf(req), labels, req, res, SELECTION_NAME);
  });

  return r;
}
