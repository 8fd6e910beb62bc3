// Changes an editor makes to the corpus — add, replace, remove reports — each followed by a
// re-index, one at a time. A change whose re-index fails is undone: the corpus and the live index
// stay as they were (a re-index swaps the index in one step, or not at all).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { REPORT_ID } from '../core/ids';
import type { Journal, JournalEntry } from './journal';

export interface Job {
  id: string;
  action: string;
  state: 'running' | 'done' | 'failed';
  /** 0–1. */
  progress: number;
  phase: string;
  message: string;
  started: number;
  finished?: number;
}

/** The re-index an edit ends with: reads the corpus and loads the backend, reporting progress 0–1. */
export type Rebuild = (progress: (share: number, phase: string) => void) => Promise<{ reports: number; chunks: number }>;

export class CorpusEdits {
  private readonly jobs = new Map<string, Job>();
  private running: Job | null = null;

  constructor(
    readonly reportsDir: string,
    /** Removed and replaced reports are kept here, outside the corpus. */
    readonly keptDir: string,
    private readonly rebuild: Rebuild,
    /** Every change is written here first, so that one cut short by a crash is completed or rolled back at the next start. */
    private readonly journal: Journal,
  ) {}

  job(id: string): Job | null {
    return this.jobs.get(id) ?? null;
  }

  busy(): Job | null {
    return this.running;
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

  /**
   * Applies `change` to the corpus (touching `files`) and re-indexes; if anything fails, `undo`
   * puts the corpus back. Returns at once with the job, which the admin page follows.
   */
  private start(action: string, files: string[], change: () => void, undo: () => void): Job {
    if (this.running) throw new Error(`another change is being indexed (${this.running.action})`);
    const job: Job = { id: randomBytes(9).toString('base64url'), action, state: 'running', progress: 0, phase: 'writing', message: '', started: Date.now() };
    this.jobs.set(job.id, job);
    this.running = job;
    void (async () => {
      let entry: JournalEntry | null = null;
      try {
        entry = this.journal.begin(action, files);
        change();
        entry.applied();
        const r = await this.rebuild((share, phase) => {
          job.progress = Math.min(1, Math.max(job.progress, share));
          job.phase = phase;
        });
        entry.end();
        job.state = 'done';
        job.progress = 1;
        job.message = `${r.reports} reports, ${r.chunks} chunks`;
      } catch (err) {
        try {
          entry?.undoing();
          undo();
          entry?.end();
        } catch {
          /* the undo is best effort (the journal's entry stays, and the next start rolls the change back); the message below says what failed */
        }
        job.state = 'failed';
        job.message = (err as Error).message;
      } finally {
        job.finished = Date.now();
        this.running = null;
      }
    })();
    return job;
  }

  private keep(file: string): string {
    fs.mkdirSync(this.keptDir, { recursive: true });
    const kept = path.join(this.keptDir, `${path.basename(file)}.${new Date().toISOString().replace(/[:.]/g, '-')}`);
    fs.copyFileSync(file, kept);
    return kept;
  }

  /** Adds reports (file name → Markdown text); none of the names may exist yet. */
  add(reports: { name: string; markdown: string }[]): Job {
    const targets = reports.map((r) => ({ ...r, file: path.join(this.reportsDir, r.name) }));
    for (const t of targets) if (fs.existsSync(t.file)) throw new Error(`${t.name} is already in the corpus`);
    return this.start(
      `add ${targets.map((t) => t.name).join(', ')}`,
      targets.map((t) => t.file),
      () => {
        for (const t of targets) {
          const tmp = `${t.file}.tmp-${process.pid}`;
          fs.writeFileSync(tmp, t.markdown, { flag: 'wx' });
          fs.renameSync(tmp, t.file);
        }
      },
      () => {
        for (const t of targets) fs.rmSync(t.file, { force: true });
      },
    );
  }

  /** Replaces a report's text, keeping the old file aside. */
  replace(id: string, markdown: string): Job {
    const file = this.fileOf(id);
    if (!file) throw new Error(`no report "${id}" in the corpus`);
    const target = path.join(this.reportsDir, `${id}.md`);
    let kept = '';
    return this.start(
      `replace ${id}`,
      [file, target],
      () => {
        kept = this.keep(file);
        const tmp = `${target}.tmp-${process.pid}`;
        fs.writeFileSync(tmp, markdown);
        fs.renameSync(tmp, target);
        if (file !== target) fs.rmSync(file);
      },
      () => {
        if (kept) {
          if (file !== target) fs.rmSync(target, { force: true });
          fs.copyFileSync(kept, file);
        }
      },
    );
  }

  /** Removes a report from the corpus, keeping its file aside. */
  remove(id: string): Job {
    const file = this.fileOf(id);
    if (!file) throw new Error(`no report "${id}" in the corpus`);
    let kept = '';
    return this.start(
      `remove ${id}`,
      [file],
      () => {
        kept = this.keep(file);
        fs.rmSync(file);
      },
      () => {
        if (kept) fs.copyFileSync(kept, file);
      },
    );
  }
}
