// One error shape and one handler: HTML for pages, JSON for the API, by route.
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import { InvalidRequestError, SearchUnavailableError } from '../search/errors';
import { StateError, type Lang } from './url-state';
import { messages } from './i18n';
import { pageView } from './view-models/page';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra view data for the HTML error page (links that help the reader on). */
    readonly extra: Record<string, unknown> = {},
    /** Response headers that go with the error (Allow for a 405). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Registers a read-only route: GET (and HEAD) answer, any other method gets 405 with Allow. */
export function getRoute(router: Router, path: string, handler: RequestHandler): void {
  router
    .route(path)
    .get(handler)
    .all((req: Request, _res: Response, next: NextFunction) =>
      next(new HttpError(405, `${req.method} is not allowed here; this address answers GET.`, {}, { Allow: 'GET, HEAD' })),
    );
}

export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path === '/healthz' || req.path.endsWith('.csv');
}

/** The interface language of a request, read off the raw URL (an error page must not fail on the query string). */
export function langOf(req: Request): Lang {
  const i = req.originalUrl.indexOf('?');
  try {
    return i !== -1 && new URLSearchParams(req.originalUrl.slice(i + 1)).getAll('lang').pop() === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  if (err instanceof StateError || err instanceof InvalidRequestError) return 400;
  if (err instanceof SearchUnavailableError) return 503;
  const status = (err as { status?: number; statusCode?: number }).status ?? (err as { statusCode?: number }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

export function notFound(req: Request, _res: Response, next: NextFunction): void {
  next(new HttpError(404, `No page at ${req.path}`));
}

export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const status = statusOf(err);
  const lang = langOf(req);
  const m = messages(lang);
  if (status >= 500) req.log?.error({ err }, 'request failed');
  const title = status === 404 ? m.notFound : status === 400 ? m.badRequest : status === 503 ? m.unavailable : m.serverError;
  // Internal errors are not described to the reader; bad requests are.
  const message = status === 500 ? title : (err as Error).message;
  if (res.headersSent) return void res.end();
  if (status === 503) res.set('Retry-After', '5');
  if (err instanceof HttpError) res.set(err.headers);
  if (wantsJson(req)) return void res.status(status).json({ error: { status, message } });
  res
    .status(status)
    .render('error', { ...pageView(lang, title, req.originalUrl), status, heading: title, message, ...(err instanceof HttpError ? err.extra : {}) });
}
