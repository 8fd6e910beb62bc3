// The list of the corpus's reports, with the upload form, and removing a report.
import fs from 'node:fs';
import { Router } from 'express';
import { MAX_UPLOAD_BYTES } from '../indexer/formats/detect';
import type { CorpusEdits } from './corpus-edits';
import { sessionOf, type AdminPages } from './pages';
import { MAX_UPLOAD_FILES } from './uploads';

export function reportRoutes(edits: CorpusEdits, p: AdminPages): Router {
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
      busy: edits.busy(),
      maxMb: MAX_UPLOAD_BYTES / 1024 / 1024,
      maxFiles: MAX_UPLOAD_FILES,
    });
  });
  r.post('/admin/reports/:id/remove', p.signedIn, p.form, p.requireCsrf, (req, res) => {
    const id = String(req.params.id);
    try {
      const job = edits.remove(id);
      p.log(req, 'remove', 'indexing', { report: id, job: job.id });
      res.redirect(303, `/admin/jobs/${job.id}`);
    } catch (err) {
      p.log(req, 'remove', `refused: ${(err as Error).message}`, { report: id });
      p.say(req, res, 409, (err as Error).message);
    }
  });
  return r;
}
