// /admin, for a shared instance started with ADMIN_TOKEN: an editor signs in, uploads reports in
// the forms they come in, checks and edits what was inferred, previews the chunks, confirms, and
// follows the re-index; lists, replaces and removes reports. Every change is a POST with the
// session's CSRF token; every action is logged with its outcome. Converting and re-indexing run
// in a worker thread, as queued jobs, so that readers are answered meanwhile.
import fs from 'node:fs';
import { Router } from 'express';
import type { SearchBackend } from '../core/types';
import type { CorpusEdits } from './corpus-edits';
import type { IngestWorker } from './ingest';
import { jobRoutes } from './jobs';
import { loginRoutes } from './login';
import { adminPages } from './pages';
import { Batches, pendingRoutes } from './pending';
import { reportRoutes } from './reports';
import { Sessions } from './sessions';
import { uploadRoutes } from './uploads';

export { MAX_UPLOAD_FILES } from './upload-limits';

export interface AdminOptions {
  token: string;
  edits: CorpusEdits;
  /** Converts uploads off the event loop. */
  ingest: IngestWorker;
  /** Uploads wait here, outside every served folder, until they are converted (created 0700: the server's own). */
  uploadDir: string;
  /** The live index: the remove page counts the measures whose permalinks the removal ends. */
  backend?: Pick<SearchBackend, 'getDocChunks'>;
  /** How long an upload's answer waits for its conversion before it leads to the job's page (10 s). */
  uploadWaitMs?: number;
}

/** A folder only the server's user may read, write or list (0700), made so if it was not. */
function privateFolder(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return dir;
}

export function adminRoutes(opts: AdminOptions): Router {
  const r = Router();
  const sessions = new Sessions();
  const pages = adminPages(sessions);
  const batches = new Batches();
  // The admin pages are never cached.
  r.use('/admin', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  r.use(loginRoutes(opts.token, sessions, pages));
  r.use(reportRoutes(opts.edits, pages, opts.backend));
  const uploadRoot = privateFolder(opts.uploadDir);
  r.use(uploadRoutes({ edits: opts.edits, ingest: opts.ingest, batches, uploadRoot, waitMs: opts.uploadWaitMs ?? 10_000 }, pages));
  r.use(pendingRoutes(opts.edits, batches, pages, opts.ingest.taxonomyDir));
  r.use(jobRoutes(opts.edits, pages));
  return r;
}
