// The web application: built from configuration and a backend, started by main.ts.
import path from 'node:path';
import express, { type Express, type Router } from 'express';
import ejs from 'ejs';
import helmet from 'helmet';
import compression from 'compression';
import type { FileProblem, SearchBackend } from '../core/types';
import type { Labels } from './labels';
import { errorHandler, notFound } from './errors';
import { searchRoutes } from './routes/search';
import { pageRoutes } from './routes/pages';
import { compareRoutes } from './routes/compare';
import { citeRoutes } from './routes/cite';
import { selectionRoutes } from './routes/selection';
import { originFor, parseQueryString, trustProxySetting } from './request';
import type { RemovedOn } from './missing';
import { markChinese } from './lang-marks';
import { requestLog } from './request-log';

const ROOT = path.resolve(__dirname, '..');

export interface AppOptions {
  /** Report files the build at start-up skipped: /healthz lists them. */
  skippedReports?: FileProblem[];
  /** When a removed report left the knowledge base: its measures' permalinks say so. */
  removedOn?: RemovedOn;
  /** Request logging; off in tests. */
  logLevel?: string;
  /** Where the log goes (standard output by default). */
  logDestination?: NodeJS.WritableStream;
  /** The address readers use, for permalinks in citations and exports (else the request's own host). */
  publicUrl?: string;
  /** Which proxies' X-Forwarded-* headers to believe (Express "trust proxy"); none by default. */
  trustProxy?: string;
  /** More pages, mounted after the reading pages (the admin pages, where ADMIN_TOKEN is set). */
  routes?: Router[];
}

export function createApp(backend: SearchBackend, labels: Labels, opts: AppOptions = {}): Express {
  const app = express();
  app.set('views', path.join(ROOT, 'views'));
  app.set('view engine', 'ejs');
  // English pages mark their Chinese passages (see lang-marks.ts).
  app.engine('ejs', (file: string, options: object, done: (err: Error | null, html?: string) => void) =>
    ejs.renderFile(file, options, (err, html) => (err ? done(err) : done(null, (options as { lang?: string }).lang === 'en' ? markChinese(html) : html))),
  );
  app.set('view cache', true);
  app.set('trust proxy', trustProxySetting(opts.trustProxy));
  app.set('query parser', parseQueryString);
  app.locals.origin = originFor(opts.publicUrl);
  // Without PUBLIC_URL, permalinks in pages and exports name the host the request asked for: a cache must keep them apart.
  if (!opts.publicUrl)
    app.use((_req, res, next) => {
      res.vary('Host');
      next();
    });
  app.locals.skippedReports = opts.skippedReports ?? [];
  app.locals.removedOn = opts.removedOn;
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    }),
  );
  // The fastest level: most of what it saves comes at level 1, and a search answer must not wait for more.
  app.use(compression({ level: 1 }));
  app.use(requestLog(opts.logLevel ?? 'info', opts.logDestination ?? process.stdout));
  app.use('/static', express.static(path.join(ROOT, 'public'), { maxAge: '1h' }));
  app.use(citeRoutes(backend, labels));
  app.use(selectionRoutes(backend, labels));
  app.use(searchRoutes(backend, labels));
  app.use(pageRoutes(backend, labels));
  app.use(compareRoutes(backend, labels));
  for (const r of opts.routes ?? []) app.use(r);
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
