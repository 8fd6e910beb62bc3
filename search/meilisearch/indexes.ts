// The indexes behind a MeilisearchBackend: tasks waited for and checked, leftovers of interrupted
// re-indexes removed, an index of the same name that is not ours refused, indexes dropped quietly.
import { Meilisearch, MeilisearchApiError, MeilisearchTaskTimeOutError, type EnqueuedTaskPromise, type Task } from 'meilisearch';
import { IndexBuildError } from '../errors';
import { escapeRegExp } from '../../core/normalize';
import { searchableFields, type MeiliMode } from './documents';
import { toSearchError } from './client-errors';

export interface IndexOptions {
  /** The live chunk index's name. */
  index: string;
  /** How long to wait for a task (index creation, documents, swap). */
  taskTimeoutMs?: number;
  /** How old an interrupted re-index's temporary index must be before it is removed. */
  leftoverAgeMs?: number;
  /** The mode searches expect the live index to be in. */
  mode?: MeiliMode;
}

/** What each layout of ours searches: both modes, and the exact layout before characters became a filter. */
const EARLIER_TOKEN_FIELDS = ['headingTokens', 'textTokens', 'contextTokens', 'metaTokens'];
const LAYOUTS: { searchable: string[]; mode: MeiliMode | 'earlier' }[] = [
  { searchable: searchableFields('exact'), mode: 'exact' },
  { searchable: searchableFields('native'), mode: 'native' },
  { searchable: [...EARLIER_TOKEN_FIELDS, 'chars'], mode: 'earlier' },
  // Before scopes had words of their own (headingOnlyTokens, sentenceTokens, paragraphTokens).
  { searchable: [...EARLIER_TOKEN_FIELDS], mode: 'earlier' },
];

/** How long a task is polled every 50 ms before polling slows to once a second. */
const QUICK_WAIT_MS = 10_000;

export class Indexes {
  constructor(
    private readonly client: Meilisearch,
    private readonly opts: IndexOptions,
  ) {}

  /** Runs a request, turning the client's errors into ours. */
  private async call<T>(what: string, f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      throw toSearchError(what, err);
    }
  }

  /** Waits for a task and checks that it succeeded: a failed task is not an exception by itself. */
  async settle(task: EnqueuedTaskPromise, what: string): Promise<Task> {
    const limit = this.opts.taskTimeoutMs ?? 120_000;
    // A quick poll for short tasks; a long one is polled less often (the client adds a listener to
    // one signal per poll and keeps it until the wait ends).
    const done = await task.waitTask({ timeout: Math.min(limit, QUICK_WAIT_MS) }).catch(async (err) => {
      if (!(err instanceof MeilisearchTaskTimeOutError) || limit <= QUICK_WAIT_MS) throw err;
      return this.client.tasks.waitForTask(await task, { timeout: limit - QUICK_WAIT_MS, interval: 1000 });
    });
    if (done.status !== 'succeeded') {
      const e = done.error;
      throw new IndexBuildError(`${what} failed (${done.status})${e ? `: ${e.code}: ${e.message}` : ''}`);
    }
    return done;
  }

  /**
   * Deletes the temporary indexes of re-indexes that were interrupted (named <index>_<timestamp>
   * or <index>_docs_<timestamp>, idle and older than a few minutes, so a running build keeps its own).
   */
  async removeLeftovers(): Promise<string[]> {
    const pattern = new RegExp(`^${escapeRegExp(this.opts.index)}(?:_docs)?_\\d{13}$`);
    const all = await this.call('Listing indexes', () => this.client.getRawIndexes({ limit: 1000 }));
    const staleBefore = Date.now() - (this.opts.leftoverAgeMs ?? 10 * 60_000);
    const stale = all.results.filter((i) => pattern.test(i.uid) && Number(i.uid.slice(-13)) < staleBefore && Date.parse(i.updatedAt) < staleBefore);
    if (!stale.length) return [];
    const busy = await this.call('Listing tasks', () =>
      this.client.tasks.getTasks({ indexUids: stale.map((i) => i.uid), statuses: ['enqueued', 'processing'], limit: 1000 }),
    );
    const active = new Set(busy.results.map((t) => t.indexUid));
    const removed = stale.map((i) => i.uid).filter((uid) => !active.has(uid));
    await this.dropQuietly(removed);
    return removed.length ? [`Removed ${removed.length} index(es) left by an interrupted re-index: ${removed.join(', ')}.`] : [];
  }

  /** Refuses to replace an index of the same name that this knowledge base did not create. */
  async refuseForeignIndex(): Promise<void> {
    const problem = await this.foreignIndexProblem();
    if (problem) throw new IndexBuildError(`${problem} Nothing was changed. Set MEILI_INDEX to another name, or delete that index yourself.`);
  }

  /** Why the live index is not one of ours, or null (also when there is none yet). */
  async foreignIndexProblem(): Promise<string | null> {
    const layout = await this.layout();
    if (layout === null || layout.ours) return null;
    return `Meilisearch index "${this.opts.index}" was not created by this knowledge base (it searches ${JSON.stringify(layout.searchable)}, not ${JSON.stringify(searchableFields(this.opts.mode ?? 'exact'))}).`;
  }

  /** Why the live index, one of ours, cannot answer searches of the configured mode, or null. */
  async modeProblem(): Promise<string | null> {
    const layout = await this.layout();
    const want = this.opts.mode ?? 'exact';
    if (layout === null || !layout.ours || layout.mode === want) return null;
    const built = layout.mode === 'earlier' ? 'by an earlier version' : `in ${layout.mode} mode`;
    return `Meilisearch index "${this.opts.index}" was built ${built}, and MEILI_MODE is ${want}: run "npm run kb -- index" to rebuild it.`;
  }

  /** The live index's searchable attributes and whose layout they are; null when there is no index. */
  private async layout(): Promise<{ searchable: unknown; ours: boolean; mode?: MeiliMode | 'earlier' } | null> {
    let settings: { searchableAttributes?: string[] | null };
    try {
      settings = await this.client.index(this.opts.index).getSettings();
    } catch (err) {
      if (err instanceof MeilisearchApiError && err.cause?.code === 'index_not_found') return null;
      throw toSearchError('Reading the index settings', err);
    }
    const found = LAYOUTS.find((l) => JSON.stringify(l.searchable) === JSON.stringify(settings.searchableAttributes));
    return { searchable: settings.searchableAttributes, ours: !!found, mode: found?.mode };
  }

  async exists(uid: string): Promise<boolean> {
    try {
      await this.client.getIndex(uid);
      return true;
    } catch (err) {
      if (err instanceof MeilisearchApiError && err.cause?.code === 'index_not_found') return false;
      throw err;
    }
  }

  /** Deletes indexes, waiting until they are gone; one that does not exist (or cannot go) is passed over. */
  async dropQuietly(uids: string[]): Promise<void> {
    for (const uid of uids)
      await this.client
        .deleteIndex(uid)
        .waitTask({ timeout: this.opts.taskTimeoutMs ?? 120_000 })
        .catch(() => undefined);
  }
}
