// A shared instance with the admin pages on: a copy of the seed corpus, its own SQLite index and
// the same re-index `npm start` runs.
import fs from 'node:fs';
import { Writable } from 'node:stream';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { loadConfig } from '../../app/config';
import { createBackend } from '../../search/create';
import type { SearchBackend } from '../../core/types';
import { buildIndex, loadConfiguredRules } from '../../app/build';
import { createApp } from '../../server/app';
import { loadLabels } from '../../server/labels';
import { CorpusEdits, type Rebuild } from '../../admin/corpus-edits';
import { Journal } from '../../admin/journal';
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
  /** Makes the next re-index fail (as a full disk or a crashed search server would). */
  failNextRebuild: () => void;
  close: () => Promise<void>;
}

/** `leave`: seed reports left out of the corpus, so that their converted copies can be added. */
export async function startAdminApp(leave: string[] = []): Promise<AdminApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-admin-'));
  const reportsDir = path.join(dir, 'corpus/reports');
  fs.mkdirSync(reportsDir, { recursive: true });
  fs.cpSync(TAXONOMY_DIR, path.join(dir, 'corpus/taxonomy'), { recursive: true });
  for (const f of fs.readdirSync(REPORTS_DIR)) if (!leave.some((l) => f.startsWith(l))) fs.copyFileSync(path.join(REPORTS_DIR, f), path.join(reportsDir, f));
  const config = loadConfig({ CORPUS_DIR: path.join(dir, 'corpus'), DATA_DIR: path.join(dir, 'data'), ADMIN_TOKEN }, dir);
  const backend = createBackend(config);
  await buildIndex(config, backend);
  let fail = false;
  const rebuild: Rebuild = async (progress) => {
    progress(0.1, 'reading');
    if (fail) {
      fail = false;
      throw new Error('the index could not be written (disk full)');
    }
    const built = await buildIndex(config, backend);
    progress(1, 'indexing');
    return { reports: built.docs.length, chunks: built.chunks.length };
  };
  const uploadDir = path.join(dir, 'uploads');
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
        rules: () => loadConfiguredRules(config),
        edits: new CorpusEdits(reportsDir, config.keptDir, rebuild, new Journal(config.journalDir)),
        uploadDir,
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
    adminLog: () => log.map((l) => JSON.parse(l)).filter((e) => e.admin),
    logLines: () => [...log],
    failNextRebuild: () => {
      fail = true;
    },
    close: async () => {
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
