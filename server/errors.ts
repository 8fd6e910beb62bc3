// One error shape and one handler: HTML for pages, JSON for the API, by route.
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { InvalidRequestError, SearchUnavailableError } from '../search/errors';
import { PAGE_KEYS, STATE_KEYS, StateError } from './url-state';
import { langOf as langOfParam, langQuery, type Lang } from './lang';
import { messages } from './i18n';
import { pageView } from './view-models/page';
import { describeProblem, problemKey, type Problem } from './problems';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    /** Extra view data for the HTML error page (links that help the reader on). */
    readonly extra: Record<string, unknown> = {},
    /** Response headers that go with the error (Allow for a 405). */
    readonly headers: Record<string, string> = {},
  ) {
    super(describeProblem(problem, 'en'));
  }
}

/** The last handler of a route: any method it did not take gets 405 with the Allow header. */
export function otherMethods(allow: string): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => next(new HttpError(405, { code: 'method', method: req.method }, {}, { Allow: allow }));
}

/** Registers a read-only route: GET (and HEAD) answer, any other method gets 405 with Allow. */
export function getRoute(router: Router, path: string | RegExp, handler: RequestHandler): void {
  router.route(path).get(handler).all(otherMethods('GET, HEAD'));
}

export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path === '/healthz' || /\.(csv|ris|bib|txt)$/.test(req.path);
}

/** The raw query string of a request, read without the query parser (an error page must not fail on it). */
function rawParams(req: Request): URLSearchParams {
  const i = req.originalUrl.indexOf('?');
  try {
    return new URLSearchParams(i === -1 ? '' : req.originalUrl.slice(i + 1));
  } catch {
    return new URLSearchParams();
  }
}

/** The interface language of a request, read off the raw URL. */
export function langOf(req: Request): Lang {
  return langOfParam(rawParams(req).getAll('lang').pop());
}

/**
 * The page a reader came from (the search, or a page with keys of its own: the matrix, the figures),
 * without the parameter that was wrong: where an error page leads back to.
 */
function backToSearchUrl(req: Request, problem: Problem | null): string {
  const raw = rawParams(req);
  const bad = problem ? problemKey(problem) : null;
  const keep = new URLSearchParams();
  const path = Object.hasOwn(PAGE_KEYS, req.path) ? req.path : '/';
  const own = path === '/' ? [] : PAGE_KEYS[path];
  for (const key of [...STATE_KEYS.filter((k) => k !== 'lang'), ...own, 'lang']) {
    if (key === bad || key === 'page') continue;
    for (const v of raw.getAll(key)) if (v.trim() && !(key === 'lang' && v !== 'en')) keep.append(key, v);
  }
  const qs = keep.toString();
  if (qs.length > 2000) return `${path}${langQuery(langOf(req))}`;
  return qs ? `${path}?${qs}` : path;
}

function problemOf(err: unknown): Problem | null {
  if (err instanceof HttpError || err instanceof StateError) return err.problem;
  if (err instanceof InvalidRequestError) return err.limit ?? { code: 'search', detail: err.message };
  return null;
}

export function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  if (err instanceof StateError || err instanceof InvalidRequestError) return 400;
  if (err instanceof SearchUnavailableError) return 503;
  const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404, { code: 'no-page', path: req.path }));
}

export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const status = statusOf(err);
  const lang = langOf(req);
  const m = messages(lang);
  if (status >= 500) req.log?.error({ err }, 'request failed');
  const title = status === 404 ? m.notFound : status === 400 ? m.badRequest : status === 503 ? m.unavailable : m.serverError;
  const problem = problemOf(err);
  if (res.headersSent) return void res.end();
  if (status === 503) res.set('Retry-After', '5');
  if (err instanceof HttpError) res.set(err.headers);
  // API clients read English and a stable code; readers read their interface's language. Internal
  // errors are not described; a failing search service says only that it is unavailable.
  if (wantsJson(req)) {
    const message = status === 500 ? 'Internal error' : (err as Error).message;
    return void res.status(status).json({ error: { status, ...(problem ? { code: problem.code } : {}), message } });
  }
  const message = problem ? describeProblem(problem, lang) : status === 503 ? m.unavailableDetail : title;
  res.status(status).render('error', {
    ...pageView(lang, title, req.originalUrl),
    status,
    heading: title,
    message,
    backUrl: backToSearchUrl(req, problem),
    ...(err instanceof HttpError ? err.extra : {}),
  });
}
