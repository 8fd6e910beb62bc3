// /compare (matrix), /compare/measures (side by side), /figures — each with a JSON twin and CSV where it makes sense.
import { coverageText, type CityCoverage } from '../view-models/coverage';
import { Router, type Request, type Response } from 'express';
import { originOf } from '../request';
import { getRoute } from '../errors';
import type { SearchBackend } from '../../core/types';
import type { Labels } from '../labels';
import { parseSearchState, StateError } from '../url-state';
import { csvDownload, csvHeader, csvLine } from '../csv';
import { csvColumns } from '../i18n';
import { exportName } from '../download';
import { figureValueText } from '../figure-text';
import { chinaMapWithin } from '../map';
import { matrixData, matrixView, parseMatrixKeys } from '../view-models/compare';
import { sideBySideChoices, sideBySideData, sideBySideView } from '../view-models/side-by-side';
import { FIGURE_COLUMNS, figureRecord, figuresData, parseFigureQuery } from '../view-models/figures';
import { figuresView } from '../view-models/figures-view';

export function compareRoutes(backend: SearchBackend, labels: Labels): Router {
  const r = Router();
  const matrix = async (req: Request) => {
    const { state } = parseSearchState(req.query);
    return { state, data: await matrixData(backend, state, parseMatrixKeys(req.query).view) };
  };

  getRoute(r, '/compare', async (req: Request, res: Response) => {
    const [{ state, data }, map] = await Promise.all([matrix(req), chinaMapWithin()]);
    res.render('compare', matrixView(data, state, labels, parseMatrixKeys(req.query).cells, map));
  });
  getRoute(r, '/api/compare', async (req: Request, res: Response) => res.json((await matrix(req)).data));
  getRoute(r, '/compare.csv', async (req: Request, res: Response) => {
    const { state, data } = await matrix(req);
    const label = (f: typeof data.query.rows, v: string) => labels.value(f, v, state.lang);
    csvDownload(res, exportName(state, labels, state.lang, 'compare', [data.query.rows, data.query.columns]));
    let out = csvHeader([
      ...csvColumns(state.lang, [data.query.rows, ...(data.query.rows === 'city' ? (['province'] as const) : []), 'total']),
      ...data.columns.map((c) => label(data.query.columns, c.value)),
      // What each city's counts stand on, last so that the columns before keep their places.
      ...(data.query.rows === 'city' ? csvColumns(state.lang, ['coverage']) : []),
    ]);
    const covered = new Map(data.coverage.map((c) => [c.city, c]));
    for (const row of data.rows) {
      out += csvLine([
        label(data.query.rows, row.value),
        ...(data.query.rows === 'city' ? [row.group] : []),
        row.count,
        ...data.columns.map((c) => row.cells[c.value] ?? 0),
        ...(data.query.rows === 'city' ? [coverageText(covered.get(row.value) as CityCoverage, state.lang)] : []),
      ]);
    }
    res.send(out);
  });

  // The page always answers: with too few or too many cities it shows why, and the form to choose them.
  getRoute(r, '/compare/measures', async (req: Request, res: Response) => {
    const { state } = parseSearchState(req.query);
    const [choices, data] = await Promise.all([
      sideBySideChoices(backend, state),
      sideBySideData(backend, state).catch((err: unknown) => {
        if (err instanceof StateError) return err;
        throw err;
      }),
    ]);
    if (data instanceof StateError) res.render('compare-measures', sideBySideView(null, choices, state, labels, data));
    else res.render('compare-measures', sideBySideView(data, choices, state, labels));
  });
  getRoute(r, '/compare/measures.csv', async (req: Request, res: Response) => {
    const { state } = parseSearchState(req.query);
    const data = await sideBySideData(backend, state);
    const origin = originOf(req);
    csvDownload(res, exportName(state, labels, state.lang, 'side-by-side'));
    // The coverage last, as in the matrix's CSV: the columns before keep their places.
    let out = csvHeader(
      csvColumns(state.lang, ['city', 'city_total', 'rank', 'id', 'url', 'heading', 'report', 'agencies', 'themes', 'practices', 'figures', 'coverage']),
    );
    const covered = new Map(data.coverage.map((c) => [c.city, coverageText(c, state.lang)]));
    for (const c of data.columns)
      c.hits.forEach((h, i) => {
        out += csvLine([
          c.city,
          c.total,
          i + 1,
          h.id,
          `${origin}${h.url}`,
          h.heading,
          h.docTitle,
          h.agencies.map((a) => labels.value('agency', a, state.lang)),
          h.themes.map((t) => labels.value('theme', t, state.lang)),
          h.practices,
          (h.figures ?? []).map((f) => `${f.label} ${figureValueText(f, state.lang)}${f.unit}`),
          covered.get(c.city) ?? '',
        ]);
      });
    res.send(out);
  });
  getRoute(r, '/api/compare/measures', async (req: Request, res: Response) => res.json(await sideBySideData(backend, parseSearchState(req.query).state)));

  const figures = async (req: Request) => {
    const { state } = parseSearchState(req.query);
    const f = parseFigureQuery(req.query);
    return { state, f, data: await figuresData(backend, state, f) };
  };
  getRoute(r, '/figures', async (req: Request, res: Response) => {
    const { state, f, data } = await figures(req);
    res.render('figures', figuresView(data, state, f));
  });
  // The JSON and the CSV carry the same columns (FIGURE_COLUMNS), row for row.
  getRoute(r, '/api/figures', async (req: Request, res: Response) => {
    const { data } = await figures(req);
    const origin = originOf(req);
    res.json({ query: data.query, total: data.total, facets: data.facets, columns: FIGURE_COLUMNS, rows: data.rows.map((x) => figureRecord(x, origin)) });
  });
  getRoute(r, '/figures.csv', async (req: Request, res: Response) => {
    const { state, f, data } = await figures(req);
    const origin = originOf(req);
    csvDownload(res, exportName(state, labels, state.lang, 'figures', [f.label, ...f.groups, ...f.units]));
    let out = csvHeader(csvColumns(state.lang, FIGURE_COLUMNS));
    for (const x of data.rows) {
      const record = figureRecord(x, origin);
      out += csvLine(FIGURE_COLUMNS.map((c) => record[c]));
    }
    res.send(out);
  });
  return r;
}
