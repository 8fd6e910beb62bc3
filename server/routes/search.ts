// "/" and its twins: /api/search (JSON), /api/facets (facets only) and /search.csv (the whole result set).
import { Router, type Request, type Response } from 'express';
import { originOf } from '../request';
import { getRoute } from '../errors';
import type { Hit, SearchBackend } from '../../core/types';
import type { Labels } from '../labels';
import { isCanonical, parseSearchState, urlFor, type SearchState } from '../url-state';
import { allHits, searchData, searchView } from '../view-models/search';
import { csvDownload, csvHeader, csvLine } from '../csv';
import { csvColumns, kindLabel, type CsvColumn } from '../i18n';
import { gbt7714, referencer } from '../citation';
import { exportName } from '../download';
import { chunkUrl } from '../view-models/links';

export const CSV_MAX_ROWS = 10_000;

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
    await sendCsv(backend, state, labels, req, res);
  });

  return r;
}

async function sendCsv(backend: SearchBackend, state: SearchState, labels: Labels, req: Request, res: Response): Promise<void> {
  const origin = originOf(req);
  const cite = referencer(backend, origin);
  // Ask for the first page before sending headers, so that a failing search still gets its error page.
  const hits = allHits(backend, state, { withText: true }, CSV_MAX_ROWS)[Symbol.asyncIterator]();
  const first = await hits.next();
  csvDownload(res, exportName(state, labels, state.lang, 'measures'));
  res.write(csvHeader(csvColumns(state.lang, CSV_COLUMNS)));
  const line = async (h: Hit) =>
    csvLine([
      h.id,
      `${origin}${chunkUrl(h.id)}`,
      h.heading,
      h.docTitle,
      h.sectionPath.join(' › '),
      kindLabel(state.lang, h.kind),
      h.province,
      h.city,
      h.district,
      h.agencies.map((a) => labels.value('agency', a, state.lang)),
      h.agencyNames,
      h.themes.map((t) => labels.value('theme', t, state.lang)),
      h.practices,
      h.speaker,
      h.published,
      gbt7714(await cite(h)),
      h.text,
    ]);
  for (let h = first; !h.done; h = await hits.next()) res.write(await line(h.value));
  res.end();
}

const CSV_COLUMNS: CsvColumn[] = [
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
  'citation',
  'text',
];
