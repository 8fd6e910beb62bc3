// Keeps a serving process's index in step with its corpus. The index records the digest of the
// corpus it was read from; when the corpus on disk has another (a change whose re-index was cut
// short, reports copied in by hand), the index is rebuilt in the background while the current one
// serves, and /healthz says "stale" meanwhile — and not ok when the rebuild failed. Every build of
// the process goes through here, one at a time.
import type { Health, SearchBackend } from '../core/types';
import type { Config } from './config';
import { buildIndex, type CorpusIndexer, type CorpusReader, summary, type BuildResult } from './build';
import { CorpusDigester } from './corpus-digest';

/** How long a failed repair of the same corpus waits before it is tried again. */
const RETRY_MS = 30_000;

export type Freshness = { state: 'fresh' } | { state: 'unknown' } | { state: 'stale'; message: string } | { state: 'failed'; message: string };

export class IndexKeeper {
  private queue: Promise<unknown> = Promise.resolve();
  /** Builds queued or running. */
  private pending = 0;
  private failed: { digest: string; message: string; at: number } | null = null;

  constructor(
    private readonly config: Config,
    private readonly backend: SearchBackend,
    private readonly log: (line: string) => void = console.log,
    /** How a build reads the corpus unless told otherwise: off the event loop in a serving process. */
    private readonly read?: CorpusReader,
    /** How a build writes an embedded index unless told otherwise: in the admin's worker process in a serving process. */
    private readonly index?: CorpusIndexer,
    /** The corpus's digest, kept between checks: a check reads only the report files that changed since the last. */
    private readonly corpus = new CorpusDigester(config.reportsDir),
  ) {}

  /** Re-indexes the corpus once the builds before it are done (`read` reads it off the event loop, `index` writes an embedded index there too). */
  rebuild(read?: CorpusReader, index?: CorpusIndexer): Promise<BuildResult> {
    this.pending++;
    const run = this.queue.then(() => buildIndex(this.config, this.backend, read ?? this.read, index ?? this.index));
    const settled = () => void this.pending--;
    this.queue = run.then(settled, settled);
    return run;
  }

  /**
   * Compares the corpus with the index: fresh when they agree, unknown when the index does not
   * record its corpus (or there is no index). When they disagree and no build is under way, starts
   * one in the background.
   */
  async check(): Promise<Freshness> {
    const stats = await this.backend.stats().catch(() => null);
    if (!stats?.corpusDigest || stats.chunks === 0) return { state: 'unknown' };
    let digest: string;
    try {
      digest = await this.corpus.current();
    } catch (err) {
      return { state: 'failed', message: `The corpus cannot be compared with the index (${(err as Error).message}).` };
    }
    if (digest === stats.corpusDigest) {
      this.failed = null;
      return { state: 'fresh' };
    }
    if (this.pending > 0) return { state: 'stale', message: 'The corpus has changed and the index is being rebuilt; the current index serves meanwhile.' };
    const failed = this.failed;
    if (failed?.digest === digest && Date.now() - failed.at < RETRY_MS)
      return { state: 'failed', message: `The index does not match the corpus, and rebuilding it failed (${failed.message}).` };
    this.log(`The index was built from another state of the corpus than ${this.config.reportsDir} holds; re-indexing in the background while it serves.`);
    this.rebuild().then(
      (built) => {
        this.failed = null;
        this.log(summary(built));
      },
      (err: Error) => {
        this.failed = { digest, message: err.message, at: Date.now() };
        this.log(`Re-indexing to match the corpus failed: ${err.message}`);
      },
    );
    return { state: 'stale', message: 'The index does not match the corpus and is being rebuilt; the current index serves meanwhile.' };
  }

  /** The backend as the web pages see it: its health also says whether the index matches the corpus. */
  guard(): SearchBackend {
    const backend = this.backend;
    const health = async (): Promise<Health> => {
      const [h, f] = await Promise.all([backend.health(), this.check()]);
      if (f.state === 'fresh' || f.state === 'unknown') return h;
      return { ...h, ok: h.ok && f.state === 'stale', stale: true, message: [h.message, f.message].filter(Boolean).join(' ') };
    };
    return new Proxy(backend, {
      get(target, key) {
        if (key === 'health') return health;
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}
