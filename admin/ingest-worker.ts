// The admin's worker process: converts uploads, checks reports before they are written, and reads
// the corpus for a re-index (writing the embedded index file too) — the work that would otherwise
// hold up every reader of the server and swell its memory. One task at a time; see ingest.ts for
// the server's side, which starts it with its limits and its priority.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { addReports, type Added } from '../indexer/add';
import { listReportFiles, loadCorpus } from '../indexer/corpus';
import { decodeReport, MAX_REPORT_BYTES, parseReport, reasonOf } from '../indexer/read';
import { loadRules } from '../indexer/rules';
import { useUserDictionary } from '../indexer/segment';
import { withId } from './front-matter';
import { editFrontMatter } from '../core/front-matter';
import { coded, mapReason } from '../core/report-errors';
import { writeIndexFile } from '../search/sqlite/index-file';
import {
  PREVIEW_CHUNKS,
  withoutPaths,
  type ConvertResult,
  type NewReport,
  type PendingItem,
  type ReadResult,
  type IndexResult,
  type Filed,
  type Refusal,
  type Reply,
  type Task,
} from './ingest-protocol';

/** Chunks sent to the server per message: each is taken in without holding readers up. */
const CHUNKS_PER_MESSAGE = 500;

/** The worker's niceness, should it have been started without one (see ingest.ts). */
const NICE = 10;

const send = process.send?.bind(process);
if (!send) throw new Error('admin/ingest-worker.ts runs as a child process with an IPC channel (see admin/ingest.ts)');
if (os.getPriority() < NICE)
  try {
    os.setPriority(NICE);
  } catch {
    /* a system that does not let a process lower its own priority runs it as it is */
  }
const taxonomyDir = process.argv[2];
const post = (reply: Reply) => void send(reply);
// The server is gone (or let this go): so is its work.
process.on('disconnect', () => process.exit(0));

/** The extraction rules, read afresh for every task, with the segmenter on their dictionary. */
function rules() {
  const r = loadRules(taxonomyDir);
  useUserDictionary(r.dictionaryPath);
  return r;
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** A refusal names a report of the corpus by its file name, not by its path from `displayRoot`. */
function corpusNames(refused: Refusal[], displayRoot: string, reportsDir: string): Refusal[] {
  const prefix = `${path.relative(displayRoot, reportsDir)}${path.sep}`;
  return refused.map((r) => mapReason(r, (text) => text.split(prefix).join('')));
}

/** The values of one field over a report's chunks, the most frequent first. */
function tally(values: string[][]): Filed[] {
  const counts = new Map<string, number>();
  for (const vs of values) for (const v of new Set(vs)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, chunks]) => ({ value, chunks })).sort((x, y) => y.chunks - x.chunks || x.value.localeCompare(y.value));
}

function pendingItem(a: Added): PendingItem {
  return {
    name: `${a.id}.md`,
    id: a.id,
    markdown: a.converted.markdown,
    inferredFrom: Object.fromEntries(Object.entries(a.converted.meta).map(([k, v]) => [k, v.from])),
    warnings: [...a.converted.warnings, ...a.report.warnings],
    chunks: a.chunks
      .slice(0, PREVIEW_CHUNKS)
      .map((c) => ({ kind: c.kind, heading: c.heading, snippet: c.text.slice(0, 120), ...(c.page ? { page: c.page } : {}) })),
    chunkCount: a.chunks.length,
    filed: {
      agencies: tally(a.chunks.map((c) => c.agencies)),
      themes: tally(a.chunks.map((c) => c.themes)),
      practices: tally(a.chunks.map((c) => c.practices)),
      figures: a.chunks.reduce((n, c) => n + c.figures.length, 0),
    },
  };
}

async function convert(task: Extract<Task, { type: 'convert' }>): Promise<ConvertResult> {
  post({ type: 'progress', share: 0.1, phase: 'converting' });
  // A replacement is checked against the corpus without the report it replaces.
  const { added, refused } = await addReports(task.files, task.reportsDir, rules(), { dryRun: true, displayRoot: task.displayRoot, ignore: task.replace });
  const items: PendingItem[] = [];
  const refusals = corpusNames(refused, task.displayRoot, task.reportsDir);
  for (const a of added) {
    // The corpus reads no report larger than this: one that is would be left out of the index.
    const size = Buffer.byteLength(a.converted.markdown);
    if (size > MAX_REPORT_BYTES) {
      refusals.push({
        source: path.relative(task.displayRoot, a.source),
        ...coded('report-too-large', { size: megabytes(size), max: megabytes(MAX_REPORT_BYTES) }),
      });
      continue;
    }
    items.push(task.replace ? withId(pendingItem(a), task.replace) : pendingItem(a));
  }
  const roots = [task.displayRoot, task.reportsDir, os.tmpdir()];
  const scrub = (text: string) => withoutPaths(text, roots);
  return {
    items: items.map((i) => ({ ...i, warnings: i.warnings.map((w) => mapReason(w, scrub)) })),
    refused: refusals.map((r) => ({ ...mapReason(r, scrub), source: scrub(r.source) })),
  };
}

/**
 * Refuses what the corpus would not take as it stands now: a report it would not read, one whose
 * text it already holds (or another of the same batch holds), one that leaves no chunk. Ids are
 * left to the writer; here each report goes under a name of its own.
 */
async function check(task: Extract<Task, { type: 'check' }>): Promise<Refusal[]> {
  post({ type: 'progress', share: 0.05, phase: 'checking' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pingan-check-'));
  try {
    const refusals: Refusal[] = [];
    const names = new Map<string, string>();
    const files: string[] = [];
    task.reports.forEach((r: NewReport, i) => {
      try {
        parseReport(r.name, decodeReport(r.name, Buffer.from(r.markdown)));
      } catch (err) {
        refusals.push({ source: r.name, ...reasonOf(err) });
        return;
      }
      const id = `confirming-${i}-${randomBytes(6).toString('hex')}`;
      const file = path.join(dir, `${id}.md`);
      fs.writeFileSync(
        file,
        editFrontMatter(r.markdown, (data) => ({ ...data, id })),
      );
      names.set(`${id}.md`, r.name);
      files.push(file);
    });
    const { refused } = await addReports(files, task.reportsDir, rules(), { dryRun: true, displayRoot: dir, ignore: task.ignore });
    const named = (s: string) => [...names].reduce((text, [file, name]) => text.split(file).join(name), s);
    for (const r of corpusNames(refused, dir, task.reportsDir)) refusals.push({ ...mapReason(r, named), source: named(r.source) });
    const roots = [dir, task.reportsDir, os.tmpdir()];
    return refusals.map((r) => ({ ...mapReason(r, (text) => withoutPaths(text, roots)), source: withoutPaths(r.source, roots) }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function read(task: Extract<Task, { type: 'read' }>): ReadResult {
  const files = listReportFiles(task.reportsDir);
  let done = 0;
  const corpus = loadCorpus(files, rules(), process.cwd(), () => post({ type: 'progress', share: done++ / Math.max(1, files.length), phase: 'reading' }));
  for (let i = 0; i < corpus.chunks.length; i += CHUNKS_PER_MESSAGE) post({ type: 'chunks', chunks: corpus.chunks.slice(i, i + CHUNKS_PER_MESSAGE) });
  const { docs, skipped, warnings, inferred } = corpus;
  return { docs, skipped, warnings, inferred };
}

async function index(task: Extract<Task, { type: 'index' }>): Promise<IndexResult> {
  const files = listReportFiles(task.reportsDir);
  let done = 0;
  const corpus = loadCorpus(files, rules(), process.cwd(), () =>
    post({ type: 'progress', share: (0.5 * done++) / Math.max(1, files.length), phase: 'reading' }),
  );
  const { docs, skipped, warnings, inferred } = corpus;
  const chunkKinds: Record<string, number> = {};
  for (const c of corpus.chunks) chunkKinds[c.kind] = (chunkKinds[c.kind] ?? 0) + 1;
  // No report: nothing to write (the server says so, and keeps the index it has).
  if (docs.length)
    await writeIndexFile(task.file, docs, corpus.chunks, { corpusDigest: task.corpusDigest }, (n, total) =>
      post({ type: 'progress', share: 0.5 + (0.5 * n) / Math.max(1, total), phase: 'indexing' }),
    );
  return { docs, skipped, warnings, inferred, chunkKinds };
}

async function runTask(task: Task): Promise<unknown> {
  if (task.type === 'convert') return convert(task);
  if (task.type === 'check') return check(task);
  if (task.type === 'index') return index(task);
  return read(task);
}

process.on('message', (task: Task) => {
  void (async () => {
    try {
      post({ type: 'done', result: await runTask(task) });
    } catch (err) {
      const roots = 'reportsDir' in task ? [task.reportsDir, os.tmpdir()] : [os.tmpdir()];
      post({ type: 'error', message: withoutPaths((err as Error).message, task.type === 'convert' ? [task.displayRoot, ...roots] : roots) });
    }
  })();
});
