// What every admin route shares: the page's words and title, a refusal page, the action log, and
// the guards that a request comes from a signed-in editor and carries the session's CSRF token.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { langOf } from '../server/errors';
import { pageView } from '../server/view-models/page';
import { reportReason } from '../server/i18n';
import type { Reason } from '../core/report-errors';
import { adminMessages, type AdminMessages } from './messages';
import { SESSION_COOKIE, cookie, sameSecret, type Session, type Sessions } from './sessions';

/** The admin words that title a page. */
export type TitleKey = 'admin' | 'login' | 'preview' | 'indexing' | 'converting' | 'removeTitle';

export interface AdminPages {
  /** What every admin page needs, titled by one of the admin's words. */
  view: (req: Request, title: TitleKey) => Record<string, unknown> & { a: AdminMessages; why: (r: Reason) => string };
  /** A page that says one thing: why a request was refused (a coded reason in the page's language). */
  say: (req: Request, res: Response, status: number, message: string | Reason | ((a: AdminMessages) => string)) => void;
  /** Logs an admin action with its outcome and time. */
  log: (req: Request, action: string, outcome: string, extra?: Record<string, unknown>) => void;
  /** Lets a signed-in editor through (the session in res.locals.session); others go to sign in. */
  signedIn: RequestHandler;
  /** Lets a change through only with the session's CSRF token (form field or query string). */
  requireCsrf: RequestHandler;
  /** Reads a posted form. */
  form: RequestHandler;
}

export const sessionOf = (res: Response) => res.locals.session as Session;

export function adminPages(sessions: Sessions): AdminPages {
  const log: AdminPages['log'] = (req, action, outcome, extra = {}) =>
    req.log?.info({ admin: action, outcome, ...extra, at: new Date().toISOString() }, `admin ${action}: ${outcome}`);
  const view: AdminPages['view'] = (req, title) => {
    const lang = langOf(req);
    const a = adminMessages(lang);
    // Why a file was refused, in the page's language.
    const why = (r: Reason) => reportReason(lang, r);
    return { ...pageView(lang, a[title], req.originalUrl), a, why };
  };
  const say: AdminPages['say'] = (req, res, status, message) => {
    const v = view(req, 'admin');
    const text = typeof message === 'string' ? message : typeof message === 'function' ? message(v.a) : v.why(message);
    const code = typeof message === 'object' ? (message.code ?? '') : '';
    res.status(status).render('admin-message', { ...v, message: text, code });
  };
  const signedIn = (req: Request, res: Response, next: NextFunction) => {
    const s = sessions.of(req);
    if (!s && cookie(req, SESSION_COOKIE) === '') {
      // A cookie this server never set (or one mangled on the way): said so, and cleared.
      res.clearCookie(SESSION_COOKIE, { path: '/admin' });
      log(req, `${req.method} ${req.path}`, 'refused: malformed session cookie');
      return say(req, res, 400, (a) => a.badCookie);
    }
    if (!s) return res.redirect(303, '/admin/login');
    res.locals.session = s;
    next();
  };
  const requireCsrf = (req: Request, res: Response, next: NextFunction) => {
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.query._csrf;
    if (typeof sent === 'string' && sameSecret(sent, sessionOf(res).csrf)) return next();
    log(req, `${req.method} ${req.path}`, 'refused: bad CSRF token');
    say(req, res, 403, (a) => a.csrf);
  };
  const form = express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 2000 });
  return { view, say, log, signedIn, requireCsrf, form };
}
