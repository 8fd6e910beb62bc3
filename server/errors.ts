// One error shape and one handler: HTML for pages, JSON for the API, by route.
import type { NextFunction, Request, Response } from 'express';
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
  ) {
    super(message);
  }
}

export function wantsJson(req: Request): boolean {
  return req.path.startsWith('/api/') || req.path === '/healthz' || req.path.endsWith('.csv');
}

export function langOf(req: Request): Lang {
  return req.query.lang === 'en' ? 'en' : 'zh';
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
  if (wantsJson(req)) return void res.status(status).json({ error: { status, message } });
  res
    .status(status)
    .render('error', { ...pageView(lang, title, req.originalUrl), status, heading: title, message, ...(err instanceof HttpError ? err.extra : {}) });
}
