// The index file a backend serves: opened when first needed and again when another process has
// swapped a new one in; checked before it serves (its structure and its checksum, once per file);
// and the previous index serving in its place while it is missing or damaged. Opening reads the
// index into memory in slices of a few milliseconds, so that readers of other pages are answered
// meanwhile; a build of this process prepares its new index before the swap, while the old one
// serves, and puts it in place in one step.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Taxonomy } from '../../core/taxonomy';
import { SearchUnavailableError } from '../errors';
import { Evaluator } from './evaluate';
import { IndexReader } from './reader';
import { previousFile } from './build-files';
import { indexProblem, indexProblemAsync } from './check';

export interface Live {
  db: Database.Database;
  reader: IndexReader;
  evaluator: Evaluator;
  ino: number;
  mtimeMs: number;
  /** Exports reading this index; a replaced index is closed when the last one ends. */
  readers: number;
  retired: boolean;
  /** Why this is the previous index rather than the live one, or null. */
  fallback: string | null;
}

/** What was found at the index file's name when it was last opened. */
interface Seen {
  /** The file's identity ("ino:mtime"), or null when there was none. */
  key: string | null;
  /** Why it could not serve (the previous index serves, or none does). */
  problem: string | null;
  /** An error every request answers with (an index of another version). */
  fatal: Error | null;
}

const ANOTHER_VERSION = 'The index was built by another version: run "npm run kb -- index" to rebuild it.';

/** A file's identity: a file changed in place or replaced is a new one. */
function identity(st: fs.Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}`;
}

function statOf(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

export class LiveIndex {
  private live: Live | null = null;
  private seen: Seen | null = null;
  /** What the check of each file identity found (null: sound). */
  private readonly checked = new Map<string, string | null>();
  /** Checks under way, by file identity. */
  private readonly checking = new Map<string, Promise<string | null>>();
  /** An open of a changed index file under way: every request waits for it. */
  private opening: Promise<void> | null = null;
  /** Counts what was put in place: an open that a newer index overtook is dropped. */
  private generation = 0;

  constructor(
    private readonly file: string,
    private readonly taxonomy: Taxonomy,
  ) {}

  /** What is wrong with an index file, or null when it is sound; checked once per identity, off the event loop's way. */
  async problem(file: string): Promise<string | null> {
    const st = statOf(file);
    if (!st) return 'the file is missing';
    const key = identity(st);
    let problem = this.checked.get(key);
    if (problem === undefined) {
      let check = this.checking.get(key);
      if (!check) {
        check = indexProblemAsync(file).finally(() => this.checking.delete(key));
        this.checking.set(key, check);
      }
      problem = await check;
      this.remember(key, problem);
    }
    return problem === 'unsealed' ? ANOTHER_VERSION : problem;
  }

  /** The same, checked now (for the moment a build swaps files, when the answer is usually known). */
  problemNow(file: string): string | null {
    const st = statOf(file);
    if (!st) return 'the file is missing';
    const key = identity(st);
    let problem = this.checked.get(key);
    if (problem === undefined) this.remember(key, (problem = indexProblem(file)));
    return problem === 'unsealed' ? ANOTHER_VERSION : problem;
  }

  private remember(key: string, problem: string | null): void {
    if (this.checked.size >= 16) this.checked.delete(this.checked.keys().next().value as string);
    this.checked.set(key, problem);
  }

  /** A file this process has just written and sealed needs no second look. */
  trust(file: string): void {
    this.remember(identity(fs.statSync(file)), null);
  }

  /**
   * The index to read, the previous one when the live one is missing or damaged, or null when there
   * is none. When another process has swapped a new index in, the request waits while it is read
   * (in slices: other requests are answered meanwhile) and is answered from it.
   */
  async open(): Promise<Live | null> {
    const st = statOf(this.file);
    const key = st ? identity(st) : null;
    if (!this.seen || this.seen.key !== key) {
      this.opening ??= this.reopen(st).finally(() => (this.opening = null));
      await this.opening;
    }
    if (this.seen?.fatal) throw this.seen.fatal;
    if (this.live) return this.live;
    if (this.seen?.problem) throw new SearchUnavailableError(this.seen.problem);
    return null;
  }

  /** Opens the index file as it is now, or the previous one in its place, and puts it in place. */
  private async reopen(st: fs.Stats | null): Promise<void> {
    const generation = this.generation;
    const seen: Seen = { key: st ? identity(st) : null, problem: null, fatal: null };
    let live: Live | null = null;
    if (st) {
      try {
        live = await this.load(this.file, null);
      } catch (err) {
        if (err instanceof SearchUnavailableError && /another version/.test(err.message)) seen.fatal = err;
        else seen.problem = `The index cannot be read (${(err as Error).message}); run "npm run kb -- index" to rebuild it.`;
      }
    }
    const previous = previousFile(this.file);
    if (!live && !seen.fatal && fs.existsSync(previous)) {
      try {
        live = await this.load(previous, seen.problem ?? 'The index file is missing.');
      } catch {
        // The previous index is no better.
      }
    }
    if (generation !== this.generation) {
      // A newer index was put in place meanwhile.
      if (live) live.db.close();
      return;
    }
    this.install(live, seen);
  }

  /**
   * Reads an index file a build of this process has just written and sealed, before it takes the
   * live name: the index serving meanwhile is not disturbed. `put` then puts it in place.
   */
  async prepare(file: string): Promise<Live> {
    this.trust(file);
    return this.load(file, null);
  }

  /** Puts a prepared index in place, now under the live name (renaming keeps a file's identity). */
  put(live: Live): void {
    const st = statOf(this.file);
    if (!st || st.ino !== live.ino) {
      // The file was not put in place after all: the next request opens what is there.
      live.db.close();
      this.dispose();
      return;
    }
    this.install(live, { key: identity(st), problem: null, fatal: null });
  }

  private install(live: Live | null, seen: Seen): void {
    this.dispose();
    this.live = live;
    this.seen = seen;
  }

  /** Opens one index file once it checks out; `fallback` says why it serves in place of the live one. */
  private async load(file: string, fallback: string | null): Promise<Live> {
    const st = fs.statSync(file);
    const problem = await this.problem(file);
    if (problem === ANOTHER_VERSION) throw new SearchUnavailableError(problem);
    if (problem) throw new Error(problem);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const reader = await IndexReader.load(db, this.taxonomy);
      return { db, reader, evaluator: new Evaluator(reader), ino: st.ino, mtimeMs: st.mtimeMs, readers: 0, retired: false, fallback };
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** Lets the open index go (closed now, or when the last export reading it ends); the next request opens the file afresh. */
  dispose(): void {
    this.generation++;
    const live = this.live;
    this.live = null;
    this.seen = null;
    if (!live) return;
    live.retired = true;
    if (live.readers === 0) live.db.close();
  }
}
