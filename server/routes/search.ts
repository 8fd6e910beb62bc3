// "/" and its twins: /api/search (JSON), /api/facets (facets only) and /search.csv (the whole result set).
import { Router, type Request, type Response } from 'express';
import type { SearchBackend } from '../../search/types';
import type { Labels } from '../labels';
import { isCanonical, parseSearchState, urlFor, type SearchState } from '../url-state';
import { searchData, searchView } from '../view-models/search';
import { csvHeader, csvLine } from '../csv';

export const CSV_MAX_ROWS = 10_000;
const CSV_PAGE = 100;

function rawQuery(req: Request): string {
  const i = req.originalUrl.indexOf('?');
  return i === -1 ? '' : req.originalUrl.slice(i + 1);
}

export function searchRoutes(backend: SearchBackend, labels: Labels): Router {
  const r = Router();

  r.get('/', async (req: Request, res: Response) => {
    const { state, notices } = parseSearchState(req.query);
    // Forms send empty and UI-only fields; answer with the one canonical address of this page.
    if (!notices.length && !isCanonical(rawQuery(req), state)) return res.redirect(302, urlFor('/', state));
    const data = await searchData(backend, state);
    res.render('search', searchView(data, state, labels, notices));
  });

  r.get('/api/search', async (req: Request, res: Response) => {
    const { state, notices } = parseSearchState(req.query);
    res.json({ ...(await searchData(backend, state)), notices });
  });

  r.get('/api/facets', async (req: Request, res: Response) => {
    const { state } = parseSearchState(req.query);
    const data = await searchData(backend, { ...state, page: 1, perPage: 1 });
    res.json({ query: data.query, total: data.total, facets: data.facets });
  });

  r.get('/search.csv', async (req: Request, res: Response) => {
    const { state } = parseSearchState(req.query);
    await sendCsv(backend, state, labels, req, res);
  });

  return r;
}

async function sendCsv(backend: SearchBackend, state: SearchState, labels: Labels, req: Request, res: Response): Promise<void> {
  const origin = `${req.protocol}://${req.get('host')}`;
  const first = await backend.search({
    q: state.q,
    filters: state.filters,
    sort: state.sort ?? undefined,
    page: 1,
    perPage: CSV_PAGE,
    facets: false,
    withText: true,
  });
  res.set('Content-Type', 'text/csv; charset=utf-8');
  res.set('Content-Disposition', `attachment; filename="pingan-measures.csv"; filename*=UTF-8''${encodeURIComponent('平安建设举措.csv')}`);
  res.write(
    csvHeader([
      'id',
      'url',
      'heading',
      'report',
      'section',
      'kind',
      'province',
      'city',
      'district',
      'agencies',
      'agency_names',
      'themes',
      'practices',
      'speaker',
      'published',
      'text',
    ]),
  );
  let rows = 0;
  for (let page = 1, hits = first.hits; hits.length && rows < CSV_MAX_ROWS; page++) {
    for (const h of hits.slice(0, CSV_MAX_ROWS - rows)) {
      res.write(
        csvLine([
          h.id,
          `${origin}/chunks/${encodeURIComponent(h.id)}`,
          h.heading,
          h.docTitle,
          h.sectionPath.join(' › '),
          h.kind,
          h.province,
          h.city,
          h.district,
          h.agencies,
          h.agencyNames,
          h.themes.map((t) => labels.value('theme', t, state.lang)),
          h.practices,
          h.speaker,
          h.published,
          h.text,
        ]),
      );
      rows++;
    }
    if (page >= first.totalPages) break;
    hits = (
      await backend.search({
        q: state.q,
        filters: state.filters,
        sort: state.sort ?? undefined,
        page: page + 1,
        perPage: CSV_PAGE,
        facets: false,
        withText: true,
      })
    ).hits;
  }
  res.end();
}
