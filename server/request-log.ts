// The request log: one compact line per request (method, path, status, time in ms) and nothing
// that would open a session. No header is written (cookies, Set-Cookie and Authorization among
// them), and the values of secret query parameters (_csrf, token …) are replaced.
import type { IncomingMessage, ServerResponse } from 'node:http';
import pinoHttp from 'pino-http';

/** Query parameters whose values are secrets: _csrf, token, access_token, api_key, password … */
const SECRET_PARAM = /(?:^|_)(?:csrf|token|secret|password|api_?key)$/i;
const REDACTED = '[redacted]';

/** A request's URL with the value of every secret query parameter replaced. */
export function withoutSecrets(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const raw = eq === -1 ? part : part.slice(0, eq);
      let name = raw;
      try {
        name = decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        // A name that does not decode is matched as it is.
      }
      // token[] and token[x] are the same parameter to the query parser.
      return SECRET_PARAM.test(name.replace(/\[.*$/s, '').trim()) ? `${raw}=${REDACTED}` : part;
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

type Req = IncomingMessage & { originalUrl?: string };

function line(req: Req, res: ServerResponse, ms: number) {
  return { method: req.method, path: withoutSecrets(req.originalUrl ?? req.url ?? ''), status: res.statusCode, ms };
}

/** The request-logging middleware, writing to `destination` at `level`. */
export function requestLog(level: string, destination: NodeJS.WritableStream) {
  return pinoHttp(
    {
      level,
      // Lines carry neither process id nor host name: one request, one short line.
      base: undefined,
      // A route's own entries (req.log) carry the request's id, not the request.
      quietReqLogger: true,
      quietResLogger: true,
      // Whatever logs a request or a response anyway gets the same compact form.
      serializers: {
        req: (req: Req) => ({ method: req.method, path: withoutSecrets(req.originalUrl ?? req.url ?? '') }),
        res: (res: ServerResponse) => ({ status: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url?.startsWith('/static/') ?? false },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      customSuccessObject: (req, res, val: { responseTime: number }) => line(req, res, val.responseTime),
      customErrorObject: (req, res, err, val: { responseTime: number }) => ({ ...line(req, res, val.responseTime), error: err.message }),
      customSuccessMessage: () => 'request',
      customErrorMessage: () => 'request failed',
    },
    destination,
  );
}
