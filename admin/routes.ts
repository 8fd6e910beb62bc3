// /admin, for a shared instance started with ADMIN_TOKEN: an editor signs in, uploads reports in
// the forms they come in, checks and edits what was inferred, previews the chunks, confirms, and
// follows the re-index; lists, replaces and removes reports. Every change is a POST with the
// session's CSRF token; every action is logged with its outcome.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { rateLimit } from 'express-rate-limit';
import YAML from 'yaml';
import { addReports, type Added } from '../indexer/add';
import { MAX_UPLOAD_BYTES } from '../indexer/formats/detect';
import { parseReport, ReportError } from '../indexer/read';
import type { Rules } from '../indexer/rules';
import { adminMessages, type AdminMessages } from './messages';
import { langOf } from '../server/errors';
import { pageView } from '../server/view-models/page';
import { SESSION_COOKIE, Sessions, sameSecret, setCookie, type Session } from './sessions';
import type { CorpusEdits } from './corpus-edits';

export const MAX_UPLOAD_FILES = 10;
/** How long a preview waits for its confirmation. */
const PENDING_MS = 3600_000;
/** The admin words that title a page. */
type TitleKey = 'admin' | 'login' | 'preview' | 'indexing';

/** The fields an editor may correct before confirming. */
const EDITABLE = ['title', 'author', 'publisher', 'published', 'url', 'province', 'city', 'district', 'genre'] as const;

export interface AdminOptions {
  token: string;
  edits: CorpusEdits;
  rules: () => Rules;
  /** Uploads wait here, outside every served folder, until they are converted. */
  uploadDir?: string;
}

interface PendingItem {
  name: string;
  id: string;
  markdown: string;
  inferredFrom: Record<string, string>;
  warnings: string[];
  chunks: { kind: string; heading: string; snippet: string; page?: number }[];
  error?: string;
}

interface Pending {
  id: string;
  session: string;
  created: number;
  replace?: string;
  items: PendingItem[];
  refused: { source: string; reason: string }[];
}

function splitFrontMatter(markdown: string): { data: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(markdown);
  if (!m) return { data: {}, body: markdown };
  return { data: (YAML.parse(m[1]) as Record<string, unknown>) ?? {}, body: markdown.slice(m[0].length) };
}

function joinFrontMatter(data: Record<string, unknown>, notes: string[], body: string): string {
  return `---\n${YAML.stringify(data, { lineWidth: 0 }).trimEnd()}\n${notes.map((n) => `# ${n}`).join('\n')}${notes.length ? '\n' : ''}---\n${body}`;
}

function pendingItem(a: Added): PendingItem {
  return {
    name: `${a.id}.md`,
    id: a.id,
    markdown: a.converted.markdown,
    inferredFrom: Object.fromEntries(Object.entries(a.converted.meta).map(([k, v]) => [k, v.from])),
    warnings: [...a.converted.warnings, ...a.report.warnings],
    chunks: a.chunks.map((c) => ({ kind: c.kind, heading: c.heading, snippet: c.text.slice(0, 120), ...(c.page ? { page: c.page } : {}) })),
  };
}

export function adminRoutes(opts: AdminOptions): Router {
  const r = Router();
  const sessions = new Sessions();
  const pending = new Map<string, Pending>();
  const uploadRoot = opts.uploadDir ?? path.join(os.tmpdir(), 'pingan-uploads');
  const log = (req: Request, action: string, outcome: string, extra: Record<string, unknown> = {}) =>
    req.log?.info({ admin: action, outcome, ...extra, at: new Date().toISOString() }, `admin ${action}: ${outcome}`);

  // The admin pages are never cached and never framed.
  r.use('/admin', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  /** What every admin page needs, titled by one of the admin's words. */
  const view = (req: Request, title: TitleKey) => {
    const lang = langOf(req);
    const a = adminMessages(lang);
    return { ...pageView(lang, a[title], req.originalUrl), a };
  };
  /** A page that says one thing: why a request was refused. */
  const say = (req: Request, res: Response, status: number, message: string | ((a: AdminMessages) => string)) =>
    res.status(status).render('admin-message', { ...view(req, 'admin'), message: typeof message === 'string' ? message : message(adminMessages(langOf(req))) });
  const signedIn = (req: Request, res: Response, next: NextFunction) => {
    const s = sessions.of(req);
    if (!s) return res.redirect(303, '/admin/login');
    res.locals.session = s;
    next();
  };
  const csrfOk = (req: Request, s: Session) => {
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.query._csrf;
    return typeof sent === 'string' && sameSecret(sent, s.csrf);
  };
  const requireCsrf = (req: Request, res: Response, next: NextFunction) => {
    if (csrfOk(req, res.locals.session as Session)) return next();
    log(req, `${req.method} ${req.path}`, 'refused: bad CSRF token');
    say(req, res, 403, (a) => a.csrf);
  };
  const form = express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 2000 });

  // Sign-in: failed attempts are limited per address.
  const loginLimit = rateLimit({
    windowMs: 15 * 60_000,
    limit: 5,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      log(req, 'login', 'refused: too many failed attempts');
      const v = view(req, 'login');
      res.status(429).render('admin-login', { ...v, error: v.a.tooManyLogins });
    },
  });
  r.get('/admin/login', (req, res) => res.render('admin-login', { ...view(req, 'login'), error: '' }));
  r.post('/admin/login', loginLimit, form, (req, res) => {
    const sent = (req.body as Record<string, unknown>).token;
    if (typeof sent !== 'string' || !sameSecret(sent, opts.token)) {
      log(req, 'login', 'failed');
      const v = view(req, 'login');
      return res.status(401).render('admin-login', { ...v, error: v.a.badToken });
    }
    const s = sessions.create();
    setCookie(req, res, SESSION_COOKIE, s.id, 8 * 3600);
    log(req, 'login', 'ok');
    res.redirect(303, '/admin');
  });
  r.post('/admin/logout', signedIn, form, requireCsrf, (req, res) => {
    sessions.end(req);
    res.clearCookie(SESSION_COOKIE, { path: '/admin' });
    log(req, 'logout', 'ok');
    res.redirect(303, '/admin/login');
  });

  r.get('/admin', signedIn, (req, res) => {
    const reports = fs.existsSync(opts.edits.reportsDir)
      ? fs
          .readdirSync(opts.edits.reportsDir)
          .filter((f) => /\.(md|txt)$/.test(f))
          .sort()
          .map((f) => ({ file: f, id: f.replace(/\.(md|txt)$/, '') }))
      : [];
    res.render('admin', {
      ...view(req, 'admin'),
      csrf: (res.locals.session as Session).csrf,
      reports,
      busy: opts.edits.busy(),
      maxMb: MAX_UPLOAD_BYTES / 1024 / 1024,
      maxFiles: MAX_UPLOAD_FILES,
    });
  });

  // Uploads: stored under a fresh folder of their own, by a cleaned name, never served.
  const upload = multer({
    storage: multer.diskStorage({
      destination: (req, _file, cb) => {
        const dir = path.join(uploadRoot, (req as Request & { uploadId?: string }).uploadId ?? 'x');
        fs.mkdirSync(dir, { recursive: true });
        cb(null, dir);
      },
      filename: (_req, file, cb) => {
        const base = path.basename(file.originalname.replace(/\\/g, '/'));
        cb(
          null,
          base
            .replace(/[^\p{L}\p{N}._-]+/gu, '-')
            .replace(/^[.-]+/, '')
            .slice(-120) || 'upload',
        );
      },
    }),
    limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_UPLOAD_FILES, fields: 20, parts: MAX_UPLOAD_FILES + 20 },
  });
  r.post(
    '/admin/upload',
    signedIn,
    // The CSRF token comes in the query string: it is checked before a byte of the files is stored.
    requireCsrf,
    (req, res, next) => {
      (req as Request & { uploadId?: string }).uploadId = randomBytes(12).toString('hex');
      upload.array('files', MAX_UPLOAD_FILES)(req, res, (err: unknown) => {
        if (!err) return next();
        const dir = path.join(uploadRoot, (req as Request & { uploadId?: string }).uploadId ?? 'x');
        fs.rmSync(dir, { recursive: true, force: true });
        const message = err instanceof multer.MulterError ? `${err.code}: ${err.message}` : (err as Error).message;
        log(req, 'upload', `refused: ${message}`);
        say(req, res, 413, message);
      });
    },
    async (req, res, next) => {
      const uploadId = (req as Request & { uploadId?: string }).uploadId as string;
      const dir = path.join(uploadRoot, uploadId);
      try {
        const files = ((req.files as Express.Multer.File[] | undefined) ?? []).map((f) => f.path);
        const replace = typeof (req.body as Record<string, unknown>).replace === 'string' ? String((req.body as Record<string, unknown>).replace) : undefined;
        if (replace && !opts.edits.fileOf(replace)) throw new ReportError(replace, 'is not a report in the corpus');
        if (replace && files.length !== 1) throw new ReportError(replace, 'a report is replaced by exactly one file');
        // A replacement is checked against the corpus without the report it replaces.
        const { added, refused } = await addReports(files, opts.edits.reportsDir, opts.rules(), { dryRun: true, displayRoot: dir, ignore: replace });
        // Previews not confirmed within the hour are let go.
        for (const [k, b] of pending) if (b.created < Date.now() - PENDING_MS) pending.delete(k);
        const batch: Pending = {
          id: randomBytes(12).toString('hex'),
          session: (res.locals.session as Session).id,
          created: Date.now(),
          replace,
          items: added.map((a) => {
            const item = pendingItem(a);
            return replace ? { ...item, ...withId(item, replace) } : item;
          }),
          refused,
        };
        pending.set(batch.id, batch);
        log(req, 'upload', `${added.length} converted, ${refused.length} refused`, { files: files.map((f) => path.basename(f)), refused });
        res.redirect(303, `/admin/pending/${batch.id}`);
      } catch (err) {
        if (err instanceof ReportError) {
          log(req, 'upload', `refused: ${err.message}`);
          return say(req, res, 400, err.message);
        }
        next(err);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  const batchOf = (req: Request, res: Response): Pending | null => {
    const b = pending.get(String(req.params.batch));
    return b && b.session === (res.locals.session as Session).id ? b : null;
  };
  const showPending = (req: Request, res: Response, b: Pending, status = 200) =>
    res.status(status).render('admin-preview', {
      ...view(req, 'preview'),
      csrf: (res.locals.session as Session).csrf,
      batch: b,
      fields: EDITABLE,
      values: b.items.map((i) => splitFrontMatter(i.markdown).data),
    });
  r.get('/admin/pending/:batch', signedIn, (req, res) => {
    const b = batchOf(req, res);
    if (!b) return res.redirect(303, '/admin');
    showPending(req, res, b);
  });
  r.post('/admin/pending/:batch', signedIn, form, requireCsrf, (req, res) => {
    const b = batchOf(req, res);
    if (!b) return res.redirect(303, '/admin');
    const body = req.body as Record<string, string>;
    if (body.action === 'cancel') {
      pending.delete(b.id);
      log(req, 'discard', 'ok', { reports: b.items.map((i) => i.id) });
      return res.redirect(303, '/admin');
    }
    // The editor's corrections: a field set by hand is no longer inferred.
    let bad = false;
    for (const [n, item] of b.items.entries()) {
      const { data, body: text } = splitFrontMatter(item.markdown);
      const inferred = new Set((data.inferred as string[] | undefined) ?? []);
      for (const f of EDITABLE) {
        const sent = body[`${f}_${n}`];
        if (typeof sent !== 'string') continue;
        const value = sent.trim().slice(0, 300);
        if (value === String(data[f] ?? '')) continue;
        if (value) data[f] = value;
        else delete data[f];
        inferred.delete(f);
        if (f === 'published') delete data.dateInferred;
      }
      data.inferred = [...inferred];
      if (!inferred.size) delete data.inferred;
      const notes = Object.entries(item.inferredFrom)
        .filter(([k]) => inferred.has(k))
        .map(([k, from]) => `${k}: from ${from}`);
      item.markdown = joinFrontMatter(data, notes, text);
      try {
        parseReport(item.name, item.markdown);
        item.error = undefined;
      } catch (err) {
        item.error = err instanceof ReportError ? err.reason : (err as Error).message;
        bad = true;
      }
    }
    if (bad) return showPending(req, res, b, 400);
    if (!b.items.length) return say(req, res, 400, (a) => a.nothingToAdd);
    try {
      const job = b.replace ? opts.edits.replace(b.replace, b.items[0].markdown) : opts.edits.add(b.items.map((i) => ({ name: i.name, markdown: i.markdown })));
      pending.delete(b.id);
      log(req, b.replace ? 'replace' : 'add', 'indexing', { reports: b.items.map((i) => i.id), job: job.id });
      res.redirect(303, `/admin/jobs/${job.id}`);
    } catch (err) {
      log(req, b.replace ? 'replace' : 'add', `refused: ${(err as Error).message}`);
      say(req, res, 409, (a) => `${a.busy} (${(err as Error).message})`);
    }
  });

  r.post('/admin/reports/:id/remove', signedIn, form, requireCsrf, (req, res) => {
    const id = String(req.params.id);
    try {
      const job = opts.edits.remove(id);
      log(req, 'remove', 'indexing', { report: id, job: job.id });
      res.redirect(303, `/admin/jobs/${job.id}`);
    } catch (err) {
      log(req, 'remove', `refused: ${(err as Error).message}`, { report: id });
      say(req, res, 409, (err as Error).message);
    }
  });

  r.get('/admin/jobs/:job.json', signedIn, (req, res) => {
    const job = opts.edits.job(String(req.params.job));
    if (!job) return res.status(404).json({ error: { status: 404, message: 'No such job.' } });
    res.json(job);
  });
  r.get('/admin/jobs/:job', signedIn, (req, res) => {
    const job = opts.edits.job(String(req.params.job));
    if (!job) return res.redirect(303, '/admin');
    if (job.state !== 'running') req.log?.info({ admin: job.action, outcome: job.state, message: job.message }, `admin ${job.action}: ${job.state}`);
    res.render('admin-job', { ...view(req, 'indexing'), job });
  });

  return r;
}

/** A replacement keeps the id of the report it replaces. */
function withId(item: PendingItem, id: string): Partial<PendingItem> {
  const { data, body } = splitFrontMatter(item.markdown);
  data.id = id;
  const notes = Object.entries(item.inferredFrom).map(([k, from]) => `${k}: from ${from}`);
  return { id, name: `${id}.md`, markdown: joinFrontMatter(data, notes, body) };
}
