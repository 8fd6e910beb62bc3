// The admin's jobs — converting an upload, changing the corpus and re-indexing — run one at a
// time, in the order they were asked for; each reports its progress to the job page meanwhile.
import { randomBytes } from 'node:crypto';
import { CodedError, type Refusal, type ReportErrorCode } from '../core/report-errors';
import type { FileProblem } from '../core/types';

export interface Job {
  id: string;
  /** A conversion ends on the preview; an edit on the re-indexed corpus. */
  kind: 'convert' | 'edit';
  action: string;
  /** A job waiting its turn is running, in the phase "queued". */
  state: 'running' | 'done' | 'failed';
  /** 0–1. */
  progress: number;
  phase: Phase;
  /** What the job came to, in English; a failure with a code carries it and its parameters as well (the page says it in the reader's language). */
  message: string;
  code?: ReportErrorCode;
  params?: Record<string, string | number>;
  /** The files the job refused (a conversion's, or those a change was refused for at its turn), each with the code of why. */
  refusals?: Refusal[];
  started: number;
  finished?: number;
  /** Where the editor goes once the job is done (a conversion's preview). */
  next?: string;
  /** What an edit does, and to which reports: its page is titled by the outcome and links to them. */
  subject?: Subject;
  /** What a finished job counted, for its page to say in the reader's language. */
  summary?: Summary;
}

export interface Subject {
  verb: 'add' | 'replace' | 'remove' | 'restore';
  ids: string[];
}

export interface Summary {
  reports?: number;
  chunks?: number;
  converted?: number;
  refused?: number;
  /** Reports the re-index left out, each with why. */
  skipped?: FileProblem[];
}

/** Work refused for what the files hold: the job fails, naming each file and why. */
export class Refused extends Error {
  constructor(readonly refusals: Refusal[]) {
    super(refusals.map((r) => `${r.source}: ${r.reason}`).join('; '));
  }
}

export const PHASES = ['queued', 'converting', 'checking', 'writing', 'reading', 'indexing'] as const;
export type Phase = (typeof PHASES)[number];

/** Reports a job's progress: its share done (0–1) and what it is doing. */
export type Progress = (share: number, phase: Phase) => void;

/** The work of a job; it resolves to the message the job page shows when it is done. */
export type JobWork = (progress: Progress) => Promise<{ message: string; next?: string; summary?: Summary; refusals?: Refusal[] }>;

/** Finished jobs kept for their pages. */
const KEEP_FINISHED = 200;

export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: { job: Job; work: JobWork }[] = [];
  private current: Job | null = null;
  /** Who waits for a job to finish. */
  private readonly watchers = new Map<string, (() => void)[]>();

  job(id: string): Job | null {
    return this.jobs.get(id) ?? null;
  }

  /** The job that has its turn now. */
  running(): Job | null {
    return this.current;
  }

  /** Queues work; it starts when every job asked for before it has finished. */
  add(kind: Job['kind'], action: string, work: JobWork, subject?: Subject): Job {
    const job: Job = {
      id: randomBytes(9).toString('base64url'),
      kind,
      action,
      state: 'running',
      progress: 0,
      phase: 'queued',
      message: '',
      started: Date.now(),
      ...(subject ? { subject } : {}),
    };
    this.jobs.set(job.id, job);
    this.waiting.push({ job, work });
    if (!this.current) void this.next();
    return job;
  }

  /** Resolves with the job once it is over, or as it is after `ms`, whichever comes first. */
  settled(job: Job, ms: number): Promise<Job> {
    if (job.state !== 'running') return Promise.resolve(job);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve(job);
      };
      const timer = setTimeout(() => {
        this.watchers.set(
          job.id,
          (this.watchers.get(job.id) ?? []).filter((w) => w !== done),
        );
        resolve(job);
      }, ms);
      this.watchers.set(job.id, [...(this.watchers.get(job.id) ?? []), done]);
    });
  }

  private async next(): Promise<void> {
    const turn = this.waiting.shift();
    if (!turn) return;
    const { job, work } = turn;
    this.current = job;
    try {
      const done = await work((share, phase) => {
        job.progress = Math.min(1, Math.max(job.progress, share));
        job.phase = phase;
      });
      job.state = 'done';
      job.progress = 1;
      job.message = done.message;
      job.next = done.next;
      job.summary = done.summary;
      if (done.refusals?.length) job.refusals = done.refusals;
    } catch (err) {
      job.state = 'failed';
      job.message = (err as Error).message;
      if (err instanceof Refused) job.refusals = err.refusals;
      if (err instanceof CodedError) Object.assign(job, { code: err.coded.code, ...(err.coded.params ? { params: err.coded.params } : {}) });
    } finally {
      job.finished = Date.now();
      this.current = null;
      this.forgetOld();
      for (const w of this.watchers.get(job.id) ?? []) w();
      this.watchers.delete(job.id);
    }
    void this.next();
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.state !== 'running');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.id);
  }
}
