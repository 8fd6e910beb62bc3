// A job's page and its progress as JSON, which the page follows. A conversion that is done leads
// on to its preview.
import { Router, type Request } from 'express';
import { langOf } from '../server/errors';
import type { CorpusEdits } from './corpus-edits';
import type { Job } from './job-queue';
import { adminMessages } from './messages';
import type { AdminPages } from './pages';

/** The job as the page shows it: its phase in the reader's language. */
function shown(req: Request, job: Job): Job & { phaseText: string } {
  return { ...job, phaseText: adminMessages(langOf(req)).phases[job.phase] };
}

export function jobRoutes(edits: CorpusEdits, p: AdminPages): Router {
  const r = Router();
  r.get('/admin/jobs/:job.json', p.signedIn, (req, res) => {
    const job = edits.job(String(req.params.job));
    if (!job) return res.status(404).json({ error: { status: 404, message: 'No such job.' } });
    const j = shown(req, job);
    // The page shows `phase` as it comes.
    res.json({ ...j, phase: j.phaseText });
  });
  r.get('/admin/jobs/:job', p.signedIn, (req, res) => {
    const job = edits.job(String(req.params.job));
    if (!job) return res.redirect(303, '/admin');
    if (job.state === 'done' && job.next) return res.redirect(303, job.next);
    if (job.state !== 'running') req.log?.info({ admin: job.action, outcome: job.state, message: job.message }, `admin ${job.action}: ${job.state}`);
    const title = job.kind === 'convert' ? 'converting' : 'indexing';
    const v = p.view(req, title);
    // A finished job is titled by its outcome, not by what it was doing.
    const heading = job.state === 'failed' ? v.a.failedTitle : job.state === 'done' && job.subject ? v.a.outcomes[job.subject.verb] : v.a[title];
    const s = job.summary;
    const summary =
      s?.reports !== undefined
        ? v.a.indexedSummary.replace('{reports}', String(s.reports)).replace('{chunks}', String(s.chunks ?? 0))
        : s?.converted !== undefined
          ? v.a.convertedSummary.replace('{converted}', String(s.converted)).replace('{refused}', String(s.refused ?? 0))
          : job.message;
    // Why it failed, in the page's language where the failure has a code.
    const failure = v.why({ reason: job.message, code: job.code, params: job.params });
    res.render('admin-job', { ...v, title: String(v.title).replace(v.a[title], heading), heading, summary, failure, job: shown(req, job) });
  });
  return r;
}
