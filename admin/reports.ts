// The list of the corpus's reports, with the upload form; removing a report (after a page that
// says what will stop resolving) and restoring one removed lately from its kept copy.
import fs from 'node:fs';
import { Router, type Request, type Response } from 'express';
import type { SearchBackend } from '../core/types';
import { CodedError } from '../core/report-errors';
import { fieldsOf } from './front-matter';
import { MAX_UPLOAD_BYTES } from '../indexer/formats/detect';
import type { CorpusEdits } from './corpus-edits';
import { sessionOf, type AdminPages } from './pages';
import { MAX_UPLOAD_FILES } from './upload-limits';

/** Measures' permalinks shown on the remove page; the count says how many there are in all. */
const SHOWN_PERMALINKS = 5;

export function reportRoutes(edits: CorpusEdits, p: AdminPages, backend?: Pick<SearchBackend, 'getDocChunks'>): Router {
  const r = Router();
  r.get('/admin', p.signedIn, (req, res) => {
    const reports = fs.existsSync(edits.reportsDir)
      ? fs
          .readdirSync(edits.reportsDir)
          .filter((f) => /\.(md|txt)$/.test(f))
          .sort()
          .map((f) => ({ file: f, id: f.replace(/\.(md|txt)$/, '') }))
      : [];
    res.render('admin', {
      ...p.view(req, 'admin'),
      csrf: sessionOf(res).csrf,
      reports,
      removed: edits.removed(),
      busy: edits.busy(),
      maxMb: MAX_UPLOAD_BYTES / 1024 / 1024,
      maxFiles: MAX_UPLOAD_FILES,
    });
  });
  // Removing asks first, on a page of its own: the report's title and the permalinks that will answer 404.
  r.get('/admin/reports/:id/remove', p.signedIn, async (req, res) => {
    const id = String(req.params.id);
    const file = edits.fileOf(id);
    if (!file) return p.say(req, res, 404, (a) => a.noSuchReport.replace('{id}', id));
    const title = String(fieldsOf(fs.readFileSync(file, 'utf8')).title ?? id);
    const chunks = backend ? await backend.getDocChunks(id).catch(() => []) : [];
    res.render('admin-remove', {
      ...p.view(req, 'removeTitle'),
      csrf: sessionOf(res).csrf,
      report: { id, title, file: file.slice(edits.reportsDir.length + 1) },
      measures: chunks.length,
      permalinks: chunks.slice(0, SHOWN_PERMALINKS).map((c) => `/chunks/${c.id}`),
    });
  });
  /** A change that runs as a job: its page follows it; a refusal says why. */
  const asJob = (action: 'restore' | 'remove', subject: 'kept' | 'report', start: (value: string) => { id: string }) => (req: Request, res: Response) => {
    const value = String(req.params.value);
    try {
      const job = start(value);
      p.log(req, action, 'indexing', { [subject]: value, job: job.id });
      res.redirect(303, `/admin/jobs/${job.id}`);
    } catch (err) {
      p.log(req, action, `refused: ${(err as Error).message}`, { [subject]: value });
      // Said in the page's language; a refusal without a code (an unforeseen error) as it was given.
      p.say(req, res, 409, err instanceof CodedError ? err.coded : (err as Error).message);
    }
  };
  r.post(
    '/admin/removed/:value/restore',
    p.signedIn,
    p.form,
    p.requireCsrf,
    asJob('restore', 'kept', (file) => edits.restore(file)),
  );
  r.post(
    '/admin/reports/:value/remove',
    p.signedIn,
    p.form,
    p.requireCsrf,
    asJob('remove', 'report', (id) => edits.remove(id)),
  );
  return r;
}
