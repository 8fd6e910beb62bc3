// Changes an editor makes to the corpus — add, replace, remove reports — each followed by a
// re-index, queued with the uploads' conversions and run one at a time. Reports about to be
// written are checked against the corpus as it is at their turn, so that two confirmations of one
// text cannot both be added. A change whose re-index fails is undone: the corpus and the live
// index stay as they were (a re-index swaps the index in one step, or not at all).
import fs from 'node:fs';
import path from 'node:path';
import type { FileProblem } from '../core/types';
import { REPORT_ID } from '../core/ids';
import type { LoadedCorpus } from '../indexer/corpus';
import { coded, CodedError } from '../core/report-errors';
import { ReportError } from '../indexer/read';
import { JobQueue, Refused, type Job, type Progress, type Subject } from './job-queue';
import type { IngestWorker } from './ingest';
import type { IndexResult, NewReport } from './ingest-protocol';
import type { Journal, JournalEntry } from './journal';

/** The corpus read and chunked in the admin's worker, off the event loop. */
export type ReadCorpus = () => Promise<LoadedCorpus>;

/** The corpus read, chunked and written into a new embedded index file (recording the corpus digest) in the admin's worker. */
export type IndexCorpus = (file: string, digest: string) => Promise<IndexResult>;

/**
 * The re-index an edit ends with: reads the corpus (`read` does it off the event loop; `index`
 * writes an embedded index there too) and loads the backend, reporting progress 0–1.
 */
export type Rebuild = (progress: Progress, read: ReadCorpus, index: IndexCorpus) => Promise<{ reports: number; chunks: number; skipped?: FileProblem[] }>;

export interface EditsOptions {
  reportsDir: string;
  /** Removed and replaced reports are kept here, outside the corpus. */
  keptDir: string;
  rebuild: Rebuild;
  /** Every change is written here first, so that one cut short by a crash is completed or rolled back at the next start. */
  journal: Journal;
  /** Checks reports before they are written and reads the corpus for `rebuild`. */
  ingest: IngestWorker;
  /** The jobs this shares its turns with (the uploads' conversions); a queue of its own by default. */
  queue?: JobQueue;
}

/** A removed report's kept copy: <id>.<md|txt>.<time of the removal>. */
const KEPT_NAME = /^([a-z0-9][a-z0-9-]{0,79})\.(md|txt)\.(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)$/;

export interface KeptReport {
  file: string;
  id: string;
  /** When it was removed (UTC, to the minute). */
  removedAt: string;
}

/** One change: checked first when `check` is given, then applied to the files `prepare` names, or undone. */
interface Change {
  action: string;
  subject: Subject;
  check?: { reports: NewReport[]; ignore?: string };
  prepare: () => string[];
  apply: () => void;
  undo: () => void;
}

export class CorpusEdits {
  readonly reportsDir: string;
  readonly keptDir: string;
  readonly queue: JobQueue;

  constructor(private readonly opts: EditsOptions) {
    this.reportsDir = opts.reportsDir;
    this.keptDir = opts.keptDir;
    this.queue = opts.queue ?? new JobQueue();
  }

  job(id: string): Job | null {
    return this.queue.job(id);
  }

  busy(): Job | null {
    return this.queue.running();
  }

  /** Where a report's file is, by id: <id>.md or <id>.txt in the corpus. */
  fileOf(id: string): string | null {
    if (!REPORT_ID.test(id)) return null;
    for (const ext of ['.md', '.txt']) {
      const f = path.join(this.reportsDir, `${id}${ext}`);
      if (fs.existsSync(f)) return f;
    }
    return null;
  }

  /** Queues a change; at its turn it is checked, applied and re-indexed. Returns the job at once. */
  private start(change: Change): Job {
    return this.queue.add(
      'edit',
      change.action,
      async (progress) => {
        if (change.check) {
          const refused = await this.opts.ingest.check(change.check.reports, this.reportsDir, change.check.ignore, progress);
          // Nothing has been written yet: a refusal leaves the corpus as it is.
          if (refused.length) throw new Refused(refused);
        }
        progress(0.1, 'writing');
        let entry: JournalEntry | null = null;
        try {
          entry = this.opts.journal.begin(change.action, change.prepare());
          change.apply();
          entry.applied();
          const read: ReadCorpus = async () => {
            const corpus = await this.opts.ingest.read(this.reportsDir, (share) => progress(0.1 + 0.4 * share, 'reading'));
            progress(0.5, 'indexing');
            return corpus;
          };
          const index: IndexCorpus = (file, digest) =>
            this.opts.ingest.index(this.reportsDir, file, digest, (share, phase) => progress(0.1 + 0.85 * share, phase));
          const r = await this.opts.rebuild(progress, read, index);
          entry.end();
          const skipped = r.skipped ?? [];
          return {
            message: `${r.reports} reports, ${r.chunks} chunks${skipped.map((s) => `; skipped ${s.file}: ${s.reason}`).join('')}`,
            summary: { reports: r.reports, chunks: r.chunks, skipped },
          };
        } catch (err) {
          try {
            entry?.undoing();
            change.undo();
            entry?.end();
          } catch {
            /* the undo is best effort (the journal's entry stays, and the next start rolls the change back); the job's message says what failed */
          }
          throw err;
        }
      },
      change.subject,
    );
  }

  private keep(file: string): string {
    fs.mkdirSync(this.keptDir, { recursive: true });
    const kept = path.join(this.keptDir, `${path.basename(file)}.${new Date().toISOString().replace(/[:.]/g, '-')}`);
    fs.copyFileSync(file, kept);
    return kept;
  }

  /** The report's file at the change's turn: it may have gone while the change waited. */
  private existing(id: string, replacing = false): string {
    const file = this.fileOf(id);
    if (file) return file;
    if (replacing && this.wasRemoved(id)) throw new CodedError('replaced-report-removed', { id });
    throw new CodedError('no-such-report', { id });
  }

  /** Whether a report of this id was removed (or replaced) and its file kept aside. */
  wasRemoved(id: string): boolean {
    return fs.existsSync(this.keptDir) && fs.readdirSync(this.keptDir).some((f) => f.startsWith(`${id}.md.`) || f.startsWith(`${id}.txt.`));
  }

  /** Adds reports (file name → Markdown text); none of the names may exist yet, now or at their turn. */
  add(reports: NewReport[]): Job {
    const targets = reports.map((r) => ({ ...r, file: path.join(this.reportsDir, r.name) }));
    const taken = () => targets.find((t) => fs.existsSync(t.file));
    const early = taken();
    if (early) throw new ReportError(early.name, 'name-taken');
    const written: string[] = [];
    return this.start({
      action: `add ${targets.map((t) => t.name).join(', ')}`,
      subject: { verb: 'add', ids: targets.map((t) => t.name.replace(/\.md$/, '')) },
      check: { reports },
      prepare: () => {
        const late = taken();
        if (late) throw new Refused([{ source: late.name, ...coded('name-taken') }]);
        return targets.map((t) => t.file);
      },
      apply: () => {
        for (const t of targets) {
          const tmp = `${t.file}.tmp-${process.pid}`;
          fs.writeFileSync(tmp, t.markdown, { flag: 'wx' });
          fs.renameSync(tmp, t.file);
          written.push(t.file);
        }
      },
      undo: () => {
        for (const f of written) fs.rmSync(f, { force: true });
      },
    });
  }

  /** Replaces a report's text, keeping the old file aside. */
  replace(id: string, markdown: string): Job {
    this.existing(id, true);
    const target = path.join(this.reportsDir, `${id}.md`);
    let file = '';
    let kept = '';
    return this.start({
      action: `replace ${id}`,
      subject: { verb: 'replace', ids: [id] },
      check: { reports: [{ name: `${id}.md`, markdown }], ignore: id },
      prepare: () => {
        file = this.existing(id, true);
        return [file, target];
      },
      apply: () => {
        kept = this.keep(file);
        const tmp = `${target}.tmp-${process.pid}`;
        fs.writeFileSync(tmp, markdown);
        fs.renameSync(tmp, target);
        if (file !== target) fs.rmSync(file);
      },
      undo: () => {
        if (kept) {
          if (file !== target) fs.rmSync(target, { force: true });
          fs.copyFileSync(kept, file);
          // The change did not happen: nothing was replaced, so nothing is kept.
          fs.rmSync(kept, { force: true });
        }
      },
    });
  }

  /** The removed reports whose kept copies can be restored, the last removed first (at most `n`). */
  removed(n = 10): KeptReport[] {
    if (!fs.existsSync(this.keptDir)) return [];
    return fs
      .readdirSync(this.keptDir)
      .map((file) => ({ file, m: KEPT_NAME.exec(file) }))
      .filter((k): k is { file: string; m: RegExpExecArray } => !!k.m && !this.fileOf(k.m[1]))
      .map(({ file, m }) => ({ file, id: m[1], removedAt: `${m[3].slice(0, 10)} ${m[3].slice(11, 16).replace('-', ':')}` }))
      .sort((a, b) => b.file.slice(-24).localeCompare(a.file.slice(-24)))
      .filter((k, i, all) => all.findIndex((o) => o.id === k.id) === i)
      .slice(0, n);
  }

  /** Puts a removed report back from its kept copy (named as `removed` lists it), under its id. */
  restore(keptName: string): Job {
    const k = this.removed(Number.MAX_SAFE_INTEGER).find((r) => r.file === keptName);
    if (!k) throw new CodedError('no-such-removed', { file: keptName });
    const kept = path.join(this.keptDir, k.file);
    const target = path.join(this.reportsDir, k.file.replace(/\.[^.]+$/, ''));
    const data = fs.readFileSync(kept);
    let written = false;
    return this.start({
      action: `restore ${k.id}`,
      subject: { verb: 'restore', ids: [k.id] },
      check: { reports: [{ name: path.basename(target), markdown: data.toString('utf8') }] },
      prepare: () => {
        if (this.fileOf(k.id)) throw new CodedError('report-back', { id: k.id });
        return [target, kept];
      },
      apply: () => {
        fs.writeFileSync(target, data, { flag: 'wx' });
        written = true;
        fs.rmSync(kept);
      },
      undo: () => {
        if (!written) return;
        fs.writeFileSync(kept, data);
        fs.rmSync(target, { force: true });
      },
    });
  }

  /** Removes a report from the corpus, keeping its file aside. */
  remove(id: string): Job {
    this.existing(id);
    let file = '';
    let kept = '';
    return this.start({
      action: `remove ${id}`,
      subject: { verb: 'remove', ids: [id] },
      prepare: () => {
        file = this.existing(id);
        return [file];
      },
      apply: () => {
        kept = this.keep(file);
        fs.rmSync(file);
      },
      undo: () => {
        if (kept) {
          fs.copyFileSync(kept, file);
          // The report is back in the corpus: a kept copy would offer to restore what was never removed.
          fs.rmSync(kept, { force: true });
        }
      },
    });
  }
}
