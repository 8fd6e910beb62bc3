// What the server reads off a request beyond its route: the query string, within limits, and the
// public address permalinks are built on, which headers cannot forge unless a proxy is trusted.
import type { Request } from 'express';
import qs from 'qs';
import { HttpError } from './errors';

export const MAX_PARAMETERS = 1000;

/** Parses a query string; more parameters than anyone sends is refused rather than cut short. */
export function parseQueryString(query: string): Record<string, unknown> {
  try {
    return qs.parse(query, { parameterLimit: MAX_PARAMETERS, throwOnLimitExceeded: true, depth: 0, arrayLimit: MAX_PARAMETERS });
  } catch {
    throw new HttpError(400, { code: 'too-many-parameters', max: MAX_PARAMETERS });
  }
}

/** Express's "trust proxy" from configuration: false unless a value is given. */
export function trustProxySetting(value: string | undefined): boolean | number | string {
  if (!value || value === 'false' || value === '0') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The origin of permalinks: the configured public address, else this request's host if it is a plain host name. */
export function originFor(publicUrl: string | undefined): (req: Request) => string {
  if (publicUrl) return () => publicUrl;
  return (req) => {
    const host = req.get('host') ?? '';
    return `${req.protocol === 'https' ? 'https' : 'http'}://${HOST.test(host) ? host : 'localhost'}`;
  };
}

export function originOf(req: Request): string {
  return (req.app.locals.origin as (r: Request) => string)(req);
}
