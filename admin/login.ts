// Signing in and out: the admin token is exchanged for a session cookie. Wrong tokens slow the
// attempts that follow them (admin/login-guard.ts); the right token always gets in.
import { Router } from 'express';
import { LoginGuard, type GuardLimits } from './login-guard';
import type { AdminPages } from './pages';
import { SESSION_COOKIE, sameSecret, setCookie, type Sessions } from './sessions';

const SESSION_SECONDS = 8 * 3600;

export function loginRoutes(token: string, sessions: Sessions, p: AdminPages, limits: Partial<GuardLimits> = {}): Router {
  const r = Router();
  const guard = new LoginGuard(limits);
  r.get('/admin/login', (req, res) => res.render('admin-login', { ...p.view(req, 'login'), error: '' }));
  r.post('/admin/login', p.form, async (req, res) => {
    const sent = (req.body as Record<string, unknown> | undefined)?.token;
    if (typeof sent !== 'string' || !sent) {
      p.log(req, 'login', 'refused: no token in a form');
      const v = p.view(req, 'login');
      return res.status(400).render('admin-login', { ...v, error: v.a.noToken });
    }
    // Compared in constant time, before any refusal for earlier failures: only guessing is slowed.
    const { ok, slowed } = await guard.attempt(req.ip ?? '', () => sameSecret(sent, token));
    if (!ok) {
      p.log(req, 'login', slowed ? 'refused: too many failed attempts' : 'failed');
      const v = p.view(req, 'login');
      return slowed
        ? res.status(429).render('admin-login', { ...v, error: v.a.tooManyLogins })
        : res.status(401).render('admin-login', { ...v, error: v.a.badToken });
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
