// The server's side of the admin's worker process (ingest-worker.ts): conversion, inference,
// preview chunking, the duplicate check and the re-index's reading of the corpus run there, one
// task at a time, so that readers are answered meanwhile and the server's memory stays its own.
// The process starts when first needed, at a lower priority, bounded in heap and in address space
// (what native memory takes counts too); it stops when idle, giving its memory back. A task it
// cannot finish (out of memory, killed) fails with that reason; the next task gets a fresh process.
import path from 'node:path';
import os from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Chunk } from '../core/types';
import type { LoadedCorpus } from '../indexer/corpus';
import type { Progress } from './job-queue';
import type { ConvertResult, IndexResult, NewReport, ReadResult, Refusal, Reply, Task } from './ingest-protocol';

export interface IngestLimits {
  /** The worker's JavaScript heap; a task that needs more fails (and the next one gets a fresh worker). */
  memoryMb: number;
  /** The worker's whole address space (heap, buffers, native memory and what node reserves at start); Linux only. */
  addressSpaceMb: number;
  /** An idle worker stops after this long. */
  idleMs: number;
}

/**
 * A worker costs some 80 MB before its first task, and keeps what its largest task took: it is let
 * go soon after. Node, its allocators and the segmenter reserve far more address space than they
 * touch: a re-index of a corpus with a 5 MB report peaks at about 5.2 GB of it (300 MB resident).
 */
const DEFAULTS: IngestLimits = { memoryMb: 1024, addressSpaceMb: 8192, idleMs: 2_000 };
const WORKER = path.join(__dirname, 'ingest-worker.ts');
/** The worker's niceness (at least the server's): when the cores are busy, readers' requests in the server go first. */
const NICE = 10;

export class IngestWorker {
  private worker: ChildProcess | null = null;
  private idleTimer: NodeJS.Timeout | null = null;
  private turn: Promise<unknown> = Promise.resolve();
  private readonly limits: IngestLimits;

  constructor(
    readonly taxonomyDir: string,
    limits: Partial<IngestLimits> = {},
  ) {
    this.limits = { ...DEFAULTS, ...limits };
  }

  /** The worker process's id while it runs (for measuring it). */
  get pid(): number | undefined {
    return this.worker?.pid;
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

  /** The corpus read, chunked and written into a new embedded index file `file` (sealed), all in the worker. */
  index(reportsDir: string, file: string, corpusDigest: string, progress: Progress): Promise<IndexResult> {
    return this.call({ type: 'index', reportsDir, file, corpusDigest }, progress);
  }

  /** Stops the worker (a task under way fails). */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const w = this.worker;
    this.worker = null;
    if (!w || w.exitCode !== null || w.signalCode !== null) return;
    const exited = new Promise((r) => w.once('exit', r));
    w.kill('SIGKILL');
    await exited;
  }

  private call<T>(task: Task, progress?: Progress, onChunks?: (chunks: Chunk[]) => void): Promise<T> {
    const run = this.turn.then(() => this.run<T>(task, progress, onChunks));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private start(): ChildProcess {
    // The sources are TypeScript, run through tsx as the server is; the worker takes none of the server's node flags.
    const node = [
      process.execPath,
      '--disable-wasm-trap-handler',
      `--max-old-space-size=${this.limits.memoryMb}`,
      '--require',
      require.resolve('tsx/cjs'),
      WORKER,
      this.taxonomyDir,
    ];
    const { NODE_OPTIONS: _options, ...inherited } = process.env;
    const env = { ...inherited, MALLOC_ARENA_MAX: '2', MIMALLOC_ARENA_RESERVE: '32MiB' };
    const linux = process.platform === 'linux';
    // nice adds to the server's own niceness: the worker ends at NICE, or at the server's when that is higher already.
    const lower = Math.max(0, NICE - os.getPriority());
    const [command, ...args] = linux
      ? ['/bin/sh', '-c', `ulimit -v "$0" && exec nice -n ${lower} "$@"`, String(this.limits.addressSpaceMb * 1024), ...node]
      : node;
    const w = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    if (!linux && w.pid)
      try {
        os.setPriority(w.pid, NICE);
      } catch {
        /* it runs at the server's priority */
      }
    // A worker that fails on its own is let go; the next task starts another.
    const forget = () => {
      if (this.worker === w) this.worker = null;
    };
    w.on('error', forget);
    w.on('exit', forget);
    return w;
  }

  private run<T>(task: Task, progress?: Progress, onChunks?: (chunks: Chunk[]) => void): Promise<T> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const w = (this.worker ??= this.start());
    w.ref();
    w.channel?.ref();
    return new Promise<T>((resolve, reject) => {
      const settle = () => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        w.unref();
        w.channel?.unref();
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
      const onError = (err: Error) => {
        settle();
        reject(new Error(`the worker process could not run: ${err.message}`));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        settle();
        // Out of memory: V8 aborts at its heap limit; past the address-space limit an allocation fails and the process dies.
        const memory = signal === 'SIGABRT' || signal === 'SIGSEGV' || signal === 'SIGBUS' || signal === 'SIGTRAP' || code === 134;
        reject(
          new Error(
            memory
              ? `the work needed more memory than the ${this.limits.memoryMb} MB (and ${this.limits.addressSpaceMb} MB of address space) it may use`
              : `the worker process stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`,
          ),
        );
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.send(task);
    });
  }
}
