// The selection page (/selection?id=…&id=…), its JSON twin (/api/selection?…) and its CSV
// (/selection.csv?…); the RIS, BibTeX and GB/T 7714 exports of a selection are in cite.ts. A list
// longer than an address holds is POSTed to the same addresses, its ids in the body.
import { Router, type Request, type Response } from 'express';
import type { Chunk, SearchBackend } from '../../core/types';
import type { Labels } from '../labels';
import { HttpError, langOf, otherMethods } from '../errors';
import { originOf } from '../request';
import type { RemovedOn } from '../missing';
import { sendChunksCsv } from '../search-csv';
import { SELECTION_NAME, selectionBody, selectionIds } from './cite';
import { SELECTION_MAX } from '../view-models/links';
import { chunksOf, selectionData, selectionQueryIds, selectionView } from '../view-models/selection';

type Handler = (req: Request, res: Response, ids: () => string[]) => Promise<void>;

/** A route answered alike for the ids of its address (GET) and of a form (POST, for a list longer than an address holds). */
function getOrPost(r: Router, path: string, handler: Handler, idsOf: (source: Record<string, unknown> | undefined, posted: boolean) => string[]): void {
  r.route(path)
    .get((req, res, next) => handler(req, res, () => idsOf(req.query as Record<string, unknown>, false)).catch(next))
    .post(selectionBody, (req, res, next) => handler(req, res, () => idsOf(req.body as Record<string, unknown> | undefined, true)).catch(next))
    .all(otherMethods('GET, HEAD, POST'));
}

export function selectionRoutes(backend: SearchBackend, labels: Labels): Router {
  const r = Router();

  const pageIds = (source: Record<string, unknown> | undefined, posted: boolean) => selectionQueryIds(source, posted ? SELECTION_MAX : undefined);
  const data = (req: Request, ids: string[]) => selectionData(backend, ids, originOf(req), req.app.locals.removedOn as RemovedOn | undefined);

  getOrPost(
    r,
    '/selection',
    async (req, res, ids) => {
      res.render('selection', selectionView(await data(req, ids()), langOf(req), originOf(req)));
    },
    pageIds,
  );

  getOrPost(
    r,
    '/api/selection',
    async (req, res, ids) => {
      res.json(await data(req, ids()));
    },
    pageIds,
  );

  // The CSV of the search export's columns, one row per measure in the order given.
  getOrPost(
    r,
    '/selection.csv',
    async (req, res, ids) => {
      const list = ids();
      const found = (await chunksOf(backend, list)).filter((c): c is Chunk => !!c);
      if (!found.length) throw new HttpError(404, { code: 'selection-gone', count: list.length });
      const present = new Set(found.map((c) => c.id));
      const missing = list.filter((id) => !present.has(id));
      if (missing.length) res.set('X-Missing-Ids', missing.join(' ').slice(0, 4000));
      await sendChunksCsv(backend, found, langOf(req), labels, req, res, SELECTION_NAME);
    },
    (source) => selectionIds(source),
  );

  return r;
}
