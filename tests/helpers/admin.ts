// A shared instance with the admin pages on: a copy of the seed corpus, its own SQLite index, the
// admin's worker thread, and a re-index that reads the corpus in that worker and records the
// corpus's digest in the index, as every build does.
import fs from 'node:fs';
import { Writable } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import request from 'supertest';
import * as cheerio from 'cheerio';
import { loadConfig } from '../../app/config';
import { createBackend } from '../../search/create';
import type { SearchBackend } from '../../core/types';
import { buildIndex } from '../../app/build';
import { corpusDigest } from '../../app/corpus-digest';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { CorpusEdits, type Rebuild } from '../../admin/corpus-edits';
import { Journal } from '../../admin/journal';
import { IngestWorker } from '../../admin/ingest';
import type { IndexResult } from '../../admin/ingest-protocol';
import { SqliteBackend } from '../../search/sqlite/backend';
import { adminRoutes } from '../../admin/routes';
import { REPORTS_DIR, TAXONOMY_DIR } from './corpus';
import { seedParagraphs } from './source-files';

export const ADMIN_TOKEN = 'a-long-enough-admin-token-for-tests';

export interface AdminApp {
  app: Express;
  backend: SearchBackend;
  dir: string;
  reportsDir: string;
  keptDir: string;
  uploadDir: string;
  /** The admin entries of the log, parsed. */
  adminLog: () => { admin: string; outcome: string; at: string }[];
  /** Every line of the log as written. */
  logLines: () => string[];
  /** The corpus's changes and the jobs they share turns with. */
  edits: CorpusEdits;
  /** Makes the next re-index fail (as a full disk or a crashed search server would). */
  failNextRebuild: () => void;
  close: () => Promise<void>;
}

/**
 * `leave`: seed reports left out of the corpus, so that their converted copies can be added;
 * `uploadWaitMs`: how long an upload's answer waits for its conversion (the admin's default).
 */
export async function startAdminApp(leave: string[] = [], opts: { uploadWaitMs?: number } = {}): Promise<AdminApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-admin-'));
  const reportsDir = path.join(dir, 'corpus/reports');
  fs.mkdirSync(reportsDir, { recursive: true });
  fs.cpSync(TAXONOMY_DIR, path.join(dir, 'corpus/taxonomy'), { recursive: true });
  for (const f of fs.readdirSync(REPORTS_DIR)) if (!leave.some((l) => f.startsWith(l))) fs.copyFileSync(path.join(REPORTS_DIR, f), path.join(reportsDir, f));
  const config = loadConfig({ CORPUS_DIR: path.join(dir, 'corpus'), DATA_DIR: path.join(dir, 'data'), ADMIN_TOKEN }, dir);
  const backend = createBackend(config);
  await buildIndex(config, backend);
  let fail = false;
  const rebuild: Rebuild = async (progress, read, index) => {
    // Taken before the files are read, as buildIndex takes it.
    const digest = await corpusDigest(reportsDir);
    const failing = () => {
      if (!fail) return;
      fail = false;
      throw new Error('the index could not be written (disk full)');
    };
    if (backend instanceof SqliteBackend) {
      // As a serving process builds it: the worker process writes the file, the server swaps it in.
      failing();
      let corpus: IndexResult | null = null;
      await backend.replaceWith(async (file) => {
        corpus = await index(file, digest);
      });
      const { docs, chunkKinds, skipped } = corpus as unknown as IndexResult;
      progress(1, 'indexing');
      return { reports: docs.length, chunks: Object.values(chunkKinds).reduce((a, b) => a + b, 0), skipped };
    }
    const corpus = await read();
    failing();
    await backend.replaceAll(corpus.docs, corpus.chunks, { corpusDigest: digest });
    progress(1, 'indexing');
    return { reports: corpus.docs.length, chunks: corpus.chunks.length, skipped: corpus.skipped };
  };
  const ingest = new IngestWorker(config.taxonomyDir);
  const edits = new CorpusEdits({ reportsDir, keptDir: config.keptDir, rebuild, journal: new Journal(config.journalDir), ingest });
  const uploadDir = config.uploadDir;
  const log: string[] = [];
  const logDestination = new Writable({
    write(chunk: Buffer, _enc, done) {
      log.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const app = createApp(backend, loadLabels(TAXONOMY_DIR), {
    logLevel: 'info',
    logDestination,
    trustProxy: 'loopback',
    routes: [
      adminRoutes({
        token: ADMIN_TOKEN,
        ingest,
        edits,
        uploadDir,
        backend,
        uploadWaitMs: opts.uploadWaitMs,
      }),
    ],
  });
  return {
    app,
    backend,
    dir,
    reportsDir,
    keptDir: config.keptDir,
    uploadDir,
    edits,
    adminLog: () => log.map((l) => JSON.parse(l)).filter((e) => e.admin),
    logLines: () => [...log],
    failNextRebuild: () => {
      fail = true;
    },
    close: async () => {
      await ingest.close();
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const SEEDS = [
  'baoshan-decade-press-conference',
  'guandu-five-keywords',
  'jiayuguan-innovation-feature',
  'jincheng-13th-five-year-review',
  'yongzhou-interview-tang-guoyu',
];

/**
 * A plain-text report of about `bytes` bytes (UTF-8), made of the seed reports' paragraphs over
 * and over, each sentence marked with `variant` and its round: no two rounds and no two variants
 * share a sentence, so neither the corpus nor another variant holds its text.
 */
export function syntheticReport(bytes: number, variant = 1): string {
  const paragraphs = SEEDS.flatMap((id) => seedParagraphs(id).paragraphs);
  const lines = [`测试市平安建设报告（${variant}）`];
  let size = Buffer.byteLength(lines[0]) + 1;
  for (let round = 1; ; round++)
    for (const p of paragraphs) {
      const line = p.replace(/。/g, `（${variant}之${round}）。`);
      size += Buffer.byteLength(line) + 1;
      if (size > bytes) return `${lines.join('\n')}\n`;
      lines.push(line);
    }
}

export type Agent = ReturnType<typeof request.agent>;

/** Signs in and returns an agent with the session cookie and the page's CSRF token. */
export async function signIn(app: Express): Promise<{ agent: Agent; csrf: string }> {
  const agent = request.agent(app);
  await agent.post('/admin/login').type('form').send({ token: ADMIN_TOKEN }).expect(303);
  const $ = cheerio.load((await agent.get('/admin').expect(200)).text);
  return { agent, csrf: $('input[name=_csrf]').first().attr('value') as string };
}

/** Follows a job's progress until it is over; returns the job as its JSON says. */
export async function waitForJob(agent: Agent, location: string, timeoutMs = 60_000): Promise<{ state: string; message: string; next?: string }> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const job = (await agent.get(`${location}.json`).expect(200)).body;
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the job ${location} did not finish in ${timeoutMs / 1000} s`);
}

/** The preview an upload leads to: at once, or through its conversion's job page once the job is done. */
export async function previewOf(agent: Agent, upload: { headers: Record<string, string> }): Promise<string> {
  const location = upload.headers.location;
  if (location.startsWith('/admin/pending/')) return location;
  expect(location).toMatch(/^\/admin\/jobs\//);
  const job = await waitForJob(agent, location);
  expect(job).toMatchObject({ state: 'done' });
  // The job's page leads on to the preview.
  await agent
    .get(location)
    .expect(303)
    .expect('Location', job.next as string);
  return job.next as string;
}
