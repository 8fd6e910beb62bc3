// Uploads: stored under a fresh folder of their own, each file by a cleaned name no other file of
// the upload has, never served; converted in the admin's worker as a queued job. The answer waits
// a little for the conversion and leads to the preview; a longer one leads to the job's page,
// which leads on to the preview.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Router, type Request } from 'express';
import multer from 'multer';
import { MAX_UPLOAD_BYTES } from '../indexer/formats/detect';
import { MAX_UPLOAD_FILES, uploadLimit } from './upload-limits';
import type { CorpusEdits } from './corpus-edits';
import type { IngestWorker } from './ingest';
import { withoutPaths } from './ingest-protocol';
import type { Batches } from './pending';
import { sessionOf, type AdminPages } from './pages';

type UploadRequest = Request & { uploadId?: string; uploadNames?: Set<string> };

/** A file's name made safe to store: no folders, no leading dots, letters, digits, dots, hyphens. */
function cleanName(original: string): string {
  const base = path.basename(original.replace(/\\/g, '/'));
  return (
    base
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/^[.-]+/, '')
      .slice(-120) || 'upload'
  );
}

/** The name, or name-2, name-3 … before its extension: two files called report.txt are both kept. */
function unused(name: string, used: Set<string>): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = name;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem}-${n}${ext}`;
  used.add(candidate.toLowerCase());
  return candidate;
}

export interface UploadOptions {
  edits: CorpusEdits;
  ingest: IngestWorker;
  batches: Batches;
  uploadRoot: string;
  /** How long the upload's answer waits for the conversion: done by then, it leads straight to the preview; else to the job's page. */
  waitMs: number;
}

export function uploadRoutes(opts: UploadOptions, p: AdminPages): Router {
  const r = Router();
  const dirOf = (req: UploadRequest) => path.join(opts.uploadRoot, req.uploadId ?? 'x');
  const upload = multer({
    storage: multer.diskStorage({
      destination: (req, _file, cb) => {
        const dir = dirOf(req as UploadRequest);
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        cb(null, dir);
      },
      filename: (req, file, cb) => {
        const u = req as UploadRequest;
        u.uploadNames ??= new Set();
        cb(null, unused(cleanName(file.originalname), u.uploadNames));
      },
    }),
    // Browsers send a file's name in UTF-8: 官渡.txt stays 官渡.txt.
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_UPLOAD_FILES, fields: 20, parts: MAX_UPLOAD_FILES + 20 },
  });
  r.post(
    '/admin/upload',
    p.signedIn,
    // The CSRF token comes in the query string: it is checked before a byte of the files is stored.
    p.requireCsrf,
    (req, res, next) => {
      if (!req.is('multipart/form-data')) {
        p.log(req, 'upload', `refused: not multipart (${req.headers['content-type'] ?? 'no content type'})`);
        return p.say(req, res, 400, (a) => a.notMultipart);
      }
      (req as UploadRequest).uploadId = randomBytes(12).toString('hex');
      upload.array('files', MAX_UPLOAD_FILES)(req, res, (err: unknown) => {
        if (!err) return next();
        fs.rmSync(dirOf(req), { recursive: true, force: true });
        const limit = err instanceof multer.MulterError ? err : null;
        p.log(req, 'upload', `refused: ${limit ? `${limit.code}: ${limit.message}` : (err as Error).message}`);
        // 413 only for a file too large; a form cut short or malformed is the request's fault.
        if (!limit) return p.say(req, res, 400, (a) => a.badMultipart);
        p.say(req, res, limit.code === 'LIMIT_FILE_SIZE' ? 413 : 400, uploadLimit(limit));
      });
    },
    async (req, res) => {
      const dir = dirOf(req);
      const files = ((req.files as Express.Multer.File[] | undefined) ?? []).map((f) => f.path);
      const sent = (req.body as Record<string, unknown>).replace;
      const replace = typeof sent === 'string' ? sent : undefined;
      const refusal = replace && !opts.edits.fileOf(replace) ? 'noSuchReport' : replace && files.length !== 1 ? 'replaceOneFile' : null;
      if (replace && refusal) {
        fs.rmSync(dir, { recursive: true, force: true });
        p.log(
          req,
          'upload',
          `refused: ${replace}: ${refusal === 'noSuchReport' ? 'is not a report in the corpus' : 'a report is replaced by exactly one file'}`,
        );
        return p.say(req, res, 400, (a) => a[refusal].replace('{id}', replace));
      }
      const session = sessionOf(res).id;
      const names = files.map((f) => path.basename(f));
      const job = opts.edits.queue.add('convert', `${replace ? `replace ${replace} with` : 'convert'} ${names.join(', ')}`, async (progress) => {
        try {
          const { items, refused } = await opts.ingest.convert(files, opts.edits.reportsDir, dir, replace, progress);
          const batch = opts.batches.add({ session, replace, items, refused });
          p.log(req, 'upload', `${items.length} converted, ${refused.length} refused`, { files: names, refused });
          return {
            message: `${items.length} converted, ${refused.length} refused`,
            refusals: refused,
            next: `/admin/pending/${batch.id}`,
            summary: { converted: items.length, refused: refused.length },
          };
        } catch (err) {
          // The job's page shows the file's name, never the upload's folder.
          throw new Error(withoutPaths((err as Error).message, [dir, opts.uploadRoot, opts.edits.reportsDir]));
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      });
      p.log(req, 'upload', 'converting', { files: names, job: job.id });
      const now = await opts.edits.queue.settled(job, opts.waitMs);
      res.redirect(303, now.state === 'done' && now.next ? now.next : `/admin/jobs/${job.id}`);
    },
  );
  return r;
}
