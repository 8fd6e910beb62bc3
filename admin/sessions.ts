// Editors' sessions: the admin token is exchanged once for a random session id kept in an HttpOnly,
// SameSite=Strict cookie; each session carries the CSRF token its forms must send back.
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import type { Request, Response } from 'express';

export const SESSION_COOKIE = 'pingan_admin';
const SESSION_HOURS = 8;

export interface Session {
  id: string;
  csrf: string;
  expires: number;
}

const token = () => randomBytes(24).toString('base64url');

/** Compares secrets in constant time (by their hashes, so that lengths do not show either). */
export function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

export class Sessions {
  private readonly sessions = new Map<string, Session>();

  create(): Session {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (s.expires < now) this.sessions.delete(id);
    const s = { id: token(), csrf: token(), expires: now + SESSION_HOURS * 3600_000 };
    this.sessions.set(s.id, s);
    return s;
  }

  of(req: Request): Session | null {
    const id = cookie(req, SESSION_COOKIE);
    const s = id ? this.sessions.get(id) : undefined;
    if (!s || s.expires < Date.now()) return null;
    return s;
  }

  end(req: Request): void {
    const id = cookie(req, SESSION_COOKIE);
    if (id) this.sessions.delete(id);
  }
}

/** One cookie of the request, read without a parser library; '' when its value cannot be decoded. */
export function cookie(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return '';
    }
  }
  return null;
}

/** Sets a cookie for the admin pages only: HttpOnly, SameSite=Strict, Secure when served over HTTPS. */
export function setCookie(req: Request, res: Response, name: string, value: string, maxAgeSeconds: number): void {
  res.cookie(name, value, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/admin', maxAge: maxAgeSeconds * 1000 });
}
