// "/" and its twins: /api/search (JSON), /api/facets (facets only) and /search.csv (the whole result set).
import { Router, type Request, type Response } from 'express';
import { getRoute } from '../errors';
import type { SearchBackend } from '../../core/types';
import type { Labels } from '../labels';
import { isCanonical, parseSearchState, urlFor } from '../url-state';
import { searchData, searchView } from '../view-models/search';
import { sendSearchCsv } from '../search-csv';

function rawQuery(req: Request): string {
  const i = req.originalUrl.indexOf('?');
  return i === -1 ? '' : req.originalUrl.slice(i + 1);
}

export function searchRoutes(backend: SearchBackend, labels: Labels): Router {
  const r = Router();

  getRoute(r, '/', async (req: Request, res: Response) => {
    const { state, notices } = parseSearchState(req.query);
    // Forms send empty and UI-only fields; answer with the one canonical address of this page.
    if (!notices.length && !isCanonical(rawQuery(req), state)) return res.redirect(302, urlFor('/', state));
    const data = await searchData(backend, state, labels);
    res.render('search', searchView(data, state, labels, notices));
  });

  getRoute(r, '/api/search', async (req: Request, res: Response) => {
    const { state, notices } = parseSearchState(req.query);
    res.json({ ...(await searchData(backend, state, labels)), notices });
  });

  getRoute(r, '/api/facets', async (req: Request, res: Response) => {
    const { state } = parseSearchState(req.query);
    const data = await searchData(backend, { ...state, page: 1, perPage: 1 }, labels, false);
    res.json({ query: data.query, total: data.total, facets: data.facets });
  });

  getRoute(r, '/search.csv', async (req: Request, res: Response) => {
    const { state } = parseSearchState(req.query);
    await sendSearchCsv(backend, state, labels, req, res);
  });

  return r;
}
