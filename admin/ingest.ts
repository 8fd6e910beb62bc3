// The server's side of the admin's worker thread (ingest-worker.ts): conversion, inference,
// preview chunking, the duplicate check and the re-index's reading of the corpus run there, one
// task at a time, so that readers are answered meanwhile. The worker starts when first needed,
// is limited in memory, and stops when idle, giving its memory back.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Chunk } from '../core/types';
import type { LoadedCorpus } from '../indexer/corpus';
import type { Progress } from './job-queue';
import type { ConvertResult, NewReport, ReadResult, Refusal, Reply, Task } from './ingest-protocol';

export interface IngestLimits {
  /** The worker's heap; a task that needs more fails (and the next one gets a fresh worker). */
  memoryMb: number;
  /** An idle worker stops after this long. */
  idleMs: number;
}

/** A worker costs some 80 MB before its first task, and keeps what its largest task took: it is let go soon after. */
const DEFAULTS: IngestLimits = { memoryMb: 1024, idleMs: 2_000 };
const WORKER = path.join(__dirname, 'ingest-worker.ts');

export class IngestWorker {
  private worker: Worker | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private turn: Promise<unknown> = Promise.resolve();
  private readonly limits: IngestLimits;

  constructor(
    readonly taxonomyDir: string,
    limits: Partial<IngestLimits> = {},
  ) {
    this.limits = { ...DEFAULTS, ...limits };
  }

  /** Converts uploaded files for a preview. */
  convert(files: string[], reportsDir: string, displayRoot: string, replace: string | undefined, progress: Progress): Promise<ConvertResult> {
    return this.call({ type: 'convert', files, reportsDir, displayRoot, replace }, progress);
  }

  /** What the corpus would refuse of these reports now (duplicates, unreadable, empty). */
  check(reports: NewReport[], reportsDir: string, ignore: string | undefined, progress: Progress): Promise<Refusal[]> {
    return this.call({ type: 'check', reports, reportsDir, ignore }, progress);
  }

  /** The corpus read and chunked, as `kb index` reads it. */
  async read(reportsDir: string, progress: Progress): Promise<LoadedCorpus> {
    const chunks: Chunk[] = [];
    const rest = await this.call<ReadResult>({ type: 'read', reportsDir }, progress, (batch) => {
      for (const c of batch) chunks.push(c);
    });
    return { ...rest, chunks };
  }

  /** Stops the worker (a task under way fails). */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  private call<T>(task: Task, progress?: Progress, onChunks?: (chunks: Chunk[]) => void): Promise<T> {
    const run = this.turn.then(() => this.run<T>(task, progress, onChunks));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private start(): Worker {
    const w = new Worker(WORKER, {
      workerData: { taxonomyDir: this.taxonomyDir },
      // The sources are TypeScript, run through tsx as the server is.
      execArgv: ['--require', require.resolve('tsx/cjs')],
      resourceLimits: { maxOldGenerationSizeMb: this.limits.memoryMb },
    });
    // A worker that fails on its own is let go; the next task starts another.
    w.on('error', () => {
      if (this.worker === w) this.worker = null;
    });
    w.on('exit', () => {
      if (this.worker === w) this.worker = null;
    });
    return w;
  }

  private run<T>(task: Task, progress?: Progress, onChunks?: (chunks: Chunk[]) => void): Promise<T> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const w = (this.worker ??= this.start());
    w.ref();
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        w.unref();
        this.idleTimer = setTimeout(() => void this.close(), this.limits.idleMs);
        this.idleTimer.unref();
      };
      const onMessage = (m: Reply) => {
        if (m.type === 'progress') progress?.(m.share, m.phase);
        else if (m.type === 'chunks') onChunks?.(m.chunks);
        else {
          settle();
          if (m.type === 'done') resolve(m.result as T);
          else reject(new Error(m.message));
        }
      };
      const onError = (err: Error & { code?: string }) => {
        settle();
        reject(
          new Error(
            err.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? `the work needed more than the ${this.limits.memoryMb} MB of memory it may use`
              : `the worker failed: ${err.message}`,
          ),
        );
      };
      const onExit = (code: number) => {
        settle();
        reject(new Error(`the worker stopped (exit code ${code})`));
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage(task);
    });
  }
}
