// Converted uploads waiting for the editor: the preview with what was inferred and the chunks,
// the editor's corrections, and the confirmation that queues the change (or the discard).
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { langOf } from '../server/errors';
import { coded, CodedError } from '../core/report-errors';
import { reportReason } from '../server/i18n';
import { ReportError } from '../indexer/read';
import { loadLabels, type Labels } from '../server/labels';
import type { CorpusEdits } from './corpus-edits';
import { EDITABLE, correct, fieldsOf } from './front-matter';
import type { PendingItem, Refusal } from './ingest-protocol';
import { sessionOf, type AdminPages } from './pages';

/** How long a preview waits for its confirmation. */
const PENDING_MS = 3600_000;

export interface Pending {
  id: string;
  session: string;
  created: number;
  replace?: string;
  items: PendingItem[];
  refused: Refusal[];
}

/** The previews waiting, each for the session that uploaded it; those not confirmed within the hour are let go. */
export class Batches {
  private readonly pending = new Map<string, Pending>();

  add(b: Omit<Pending, 'id' | 'created'>): Pending {
    for (const [k, old] of this.pending) if (old.created < Date.now() - PENDING_MS) this.pending.delete(k);
    const batch = { ...b, id: randomBytes(12).toString('hex'), created: Date.now() };
    this.pending.set(batch.id, batch);
    return batch;
  }

  of(id: string, session: string): Pending | null {
    const b = this.pending.get(id);
    return b && b.session === session ? b : null;
  }

  delete(id: string): void {
    this.pending.delete(id);
  }
}

export function pendingRoutes(edits: CorpusEdits, batches: Batches, p: AdminPages, taxonomyDir: string): Router {
  const r = Router();
  // The taxonomy's names for agencies and themes, read at the first preview.
  let labels: Labels | null = null;
  const label = (req: Request) => {
    labels ??= loadLabels(taxonomyDir);
    const l = labels;
    const lang = langOf(req);
    return (field: string, value: string) => l.value(field, value, lang);
  };
  const batchOf = (req: Request, res: Response) => batches.of(String(req.params.batch), sessionOf(res).id);
  const show = (req: Request, res: Response, b: Pending, status = 200) =>
    res.status(status).render('admin-preview', {
      ...p.view(req, 'preview'),
      csrf: sessionOf(res).csrf,
      batch: b,
      fields: EDITABLE,
      values: b.items.map((i) => fieldsOf(i.markdown)),
      label: label(req),
    });
  r.get('/admin/pending/:batch', p.signedIn, (req, res) => {
    const b = batchOf(req, res);
    if (!b) return res.redirect(303, '/admin');
    show(req, res, b);
  });
  r.post('/admin/pending/:batch', p.signedIn, p.form, p.requireCsrf, (req, res) => {
    const b = batchOf(req, res);
    if (!b) return res.redirect(303, '/admin');
    const body = req.body as Record<string, string>;
    if (body.action === 'cancel') {
      batches.delete(b.id);
      p.log(req, 'discard', 'ok', { reports: b.items.map((i) => i.id) });
      return res.redirect(303, '/admin');
    }
    // The editor's corrections: a field set by hand is no longer inferred.
    b.items.forEach((item, n) => correct(item, n, body, !!b.replace));
    // Two reports of one batch cannot take one id.
    for (const item of b.items) if (b.items.some((o) => o !== item && o.id === item.id)) item.error ??= coded('id-in-batch', { id: item.id });
    if (b.items.some((i) => i.error)) return show(req, res, b, 400);
    if (!b.items.length) return p.say(req, res, 400, (a) => a.nothingToAdd);
    const action = b.replace ? 'replace' : 'add';
    if (b.replace && !edits.fileOf(b.replace)) {
      const gone = b.replace;
      const removed = edits.wasRemoved(gone);
      p.log(req, action, `refused: ${gone} is no longer in the corpus${removed ? ' (removed)' : ''}`);
      return p.say(req, res, 409, (a) => (removed ? a.replacedRemoved : a.replacedGone).replace('{id}', gone));
    }
    try {
      const job = b.replace ? edits.replace(b.replace, b.items[0].markdown) : edits.add(b.items.map((i) => ({ name: i.name, markdown: i.markdown })));
      batches.delete(b.id);
      p.log(req, action, 'indexing', { reports: b.items.map((i) => i.id), job: job.id });
      res.redirect(303, `/admin/jobs/${job.id}`);
    } catch (err) {
      p.log(req, action, `refused: ${(err as Error).message}`);
      if (err instanceof CodedError) return p.say(req, res, 409, err.coded);
      p.say(req, res, 409, (a) => (err instanceof ReportError ? `${err.file}${a.colon}${reportReason(langOf(req), err.coded)}` : (err as Error).message));
    }
  });
  return r;
}
