// Measures, reports, health.
import { Router, type Request, type Response } from 'express';
import { langQuery } from '../lang';
import { originOf } from '../request';
import type { FileProblem, SearchBackend } from '../../core/types';
import { missingMeasure } from '../missing';
import type { Labels } from '../labels';
import { HttpError, langOf, getRoute } from '../errors';
import { messages } from '../i18n';
import { EMPTY_STATE, urlFor } from '../url-state';
import { chunkData, chunkView, searchFrom } from '../view-models/chunk';
import { docData, docsData, docsView, docView } from '../view-models/docs';
import { helpView } from '../view-models/help';

export function pageRoutes(backend: SearchBackend, labels: Labels): Router {
  const r = Router();

  const missingChunk = async (req: Request, id: string) => {
    const lang = langOf(req);
    const m = messages(lang);
    const { doc, problem } = await missingMeasure(req, backend, id);
    return new HttpError(404, problem, {
      links: [
        ...(doc ? [{ label: `${m.openReport}: ${doc.title}`, url: `/docs/${encodeURIComponent(doc.id)}${langQuery(lang)}` }] : []),
        { label: doc ? m.searchThisReport : m.backToSearch, url: urlFor('/', { ...EMPTY_STATE, lang, filters: doc ? { doc: [doc.id] } : {} }) },
      ],
    });
  };

  getRoute(r, '/chunks/:id', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const data = await chunkData(backend, id);
    if (!data) throw await missingChunk(req, id);
    res.render('chunk', chunkView(data, langOf(req), labels, originOf(req), searchFrom(req.query.from)));
  });

  getRoute(r, '/api/chunks/:id', async (req: Request, res: Response) => {
    const data = await chunkData(backend, String(req.params.id));
    if (!data) throw new HttpError(404, (await missingMeasure(req, backend, String(req.params.id))).problem);
    res.json(data);
  });

  getRoute(r, '/docs', async (req: Request, res: Response) => res.render('docs', docsView(await docsData(backend), langOf(req))));
  getRoute(r, '/api/docs', async (_req: Request, res: Response) => res.json(await docsData(backend)));

  const docPage = (req: Request) => {
    const raw = req.query.page;
    if (raw === undefined) return 1;
    if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw) || raw === '0')
      throw new HttpError(400, { code: 'number', key: 'page', max: 999_999, got: String(raw) });
    return Number(raw);
  };
  getRoute(r, '/docs/:id', async (req: Request, res: Response) => {
    const data = await docData(backend, String(req.params.id), docPage(req));
    if (!data) throw new HttpError(404, { code: 'no-report', id: String(req.params.id) });
    res.render('doc', docView(data, langOf(req), labels, searchFrom(req.query.from)));
  });

  getRoute(r, '/api/docs/:id', async (req: Request, res: Response) => {
    const data = await docData(backend, String(req.params.id), docPage(req));
    if (!data) throw new HttpError(404, { code: 'no-report', id: String(req.params.id) });
    res.json(data);
  });

  getRoute(r, '/help/search', async (req: Request, res: Response) => res.render('help', helpView(langOf(req))));

  getRoute(r, '/healthz', async (req: Request, res: Response) => {
    const [health, stats] = await Promise.all([backend.health(), backend.stats().catch(() => null)]);
    const skipped = (req.app.locals.skippedReports as FileProblem[] | undefined) ?? [];
    res.status(health.ok ? 200 : 503).json({
      ...health,
      // While the previous index serves in place of a damaged one, its counts are the ones readers see.
      chunks: health.serving?.chunks ?? stats?.chunks ?? 0,
      docs: health.serving?.docs ?? stats?.docs ?? 0,
      builtAt: stats?.builtAt ?? null,
      ...(skipped.length ? { skippedReports: skipped } : {}),
    });
  });

  return r;
}
