// Signing in and out: the admin token is exchanged for a session cookie; failed attempts are
// limited per address.
import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AdminPages } from './pages';
import { SESSION_COOKIE, sameSecret, setCookie, type Sessions } from './sessions';

/** Failed sign-ins allowed per address in a window of this length. */
const LOGIN_WINDOW_MS = 15 * 60_000;
const LOGIN_FAILURES = 5;
const SESSION_SECONDS = 8 * 3600;

export function loginRoutes(token: string, sessions: Sessions, p: AdminPages): Router {
  const r = Router();
  const loginLimit = rateLimit({
    windowMs: LOGIN_WINDOW_MS,
    limit: LOGIN_FAILURES,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      p.log(req, 'login', 'refused: too many failed attempts');
      const v = p.view(req, 'login');
      res.status(429).render('admin-login', { ...v, error: v.a.tooManyLogins });
    },
  });
  r.get('/admin/login', (req, res) => res.render('admin-login', { ...p.view(req, 'login'), error: '' }));
  r.post('/admin/login', loginLimit, p.form, (req, res) => {
    const sent = (req.body as Record<string, unknown>).token;
    if (typeof sent !== 'string' || !sameSecret(sent, token)) {
      p.log(req, 'login', 'failed');
      const v = p.view(req, 'login');
      return res.status(401).render('admin-login', { ...v, error: v.a.badToken });
    }
    const s = sessions.create();
    setCookie(req, res, SESSION_COOKIE, s.id, SESSION_SECONDS);
    p.log(req, 'login', 'ok');
    res.redirect(303, '/admin');
  });
  r.post('/admin/logout', p.signedIn, p.form, p.requireCsrf, (req, res) => {
    sessions.end(req);
    res.clearCookie(SESSION_COOKIE, { path: '/admin' });
    p.log(req, 'logout', 'ok');
    res.redirect(303, '/admin/login');
  });
  return r;
}
