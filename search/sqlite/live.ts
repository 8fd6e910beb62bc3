// The index file a backend serves: opened when first needed and again when another process has
// swapped a new one in; checked before it serves (its structure and its checksum, once per file);
// and the previous index serving in its place while it is missing or damaged.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Taxonomy } from '../../core/taxonomy';
import { SearchUnavailableError } from '../errors';
import { Evaluator } from './evaluate';
import { IndexReader } from './reader';
import { previousFile } from './build-files';
import { indexProblem } from './check';

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

const ANOTHER_VERSION = 'The index was built by another version: run "npm run kb -- index" to rebuild it.';

/** A file's identity: a file changed in place or replaced is a new one. */
function identity(st: fs.Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}`;
}

export class LiveIndex {
  private live: Live | null = null;
  /** The index file's identity when it was last opened, and what went wrong if it could not be. */
  private seen: { ino: number; mtimeMs: number; problem: string | null } | null = null;
  /** What the check of each file identity found (null: sound). */
  private readonly checked = new Map<string, string | null>();

  constructor(
    private readonly file: string,
    private readonly taxonomy: Taxonomy,
  ) {}

  /**
   * What is wrong with an index file, or null when it is sound; checked once per identity. A file
   * built without a checksum counts as built by another version.
   */
  problem(file: string): string | null {
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      return 'the file is missing';
    }
    const key = identity(st);
    let problem = this.checked.get(key);
    if (problem === undefined) {
      problem = indexProblem(file);
      if (this.checked.size >= 16) this.checked.delete(this.checked.keys().next().value as string);
      this.checked.set(key, problem);
    }
    return problem === 'unsealed' ? ANOTHER_VERSION : problem;
  }

  /** A file this process has just written and sealed needs no second look. */
  trust(file: string): void {
    this.checked.set(identity(fs.statSync(file)), null);
  }

  /** The index to read, the previous one when the live one is missing or damaged, or null when there is none. */
  open(): Live | null {
    let st: fs.Stats | null = null;
    try {
      st = fs.statSync(this.file);
    } catch {
      // No index file: the previous one, if any, serves.
    }
    // Another process may have swapped a new index in; pick it up on the next request.
    if (this.seen && st && this.seen.ino === st.ino && this.seen.mtimeMs === st.mtimeMs) {
      if (this.live) return this.live;
      if (this.seen.problem) throw new SearchUnavailableError(this.seen.problem);
    }
    this.dispose();
    this.seen = st ? { ino: st.ino, mtimeMs: st.mtimeMs, problem: null } : null;
    if (st) {
      try {
        this.live = this.openFile(this.file, null);
        return this.live;
      } catch (err) {
        if (err instanceof SearchUnavailableError && /another version/.test(err.message)) throw err;
        (this.seen as { problem: string | null }).problem = `The index cannot be read (${(err as Error).message}); run "npm run kb -- index" to rebuild it.`;
      }
    }
    const previous = previousFile(this.file);
    if (fs.existsSync(previous)) {
      try {
        this.live = this.openFile(previous, this.seen?.problem ?? 'The index file is missing.');
        return this.live;
      } catch {
        // The previous index is no better.
      }
    }
    if (this.seen?.problem) throw new SearchUnavailableError(this.seen.problem);
    return null;
  }

  /** Opens one index file once it checks out; `fallback` says why it serves in place of the live one. */
  private openFile(file: string, fallback: string | null): Live {
    const st = fs.statSync(file);
    const problem = this.problem(file);
    if (problem === ANOTHER_VERSION) throw new SearchUnavailableError(problem);
    if (problem) throw new Error(problem);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const reader = new IndexReader(db, this.taxonomy);
      return { db, reader, evaluator: new Evaluator(reader), ino: st.ino, mtimeMs: st.mtimeMs, readers: 0, retired: false, fallback };
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** Lets the open index go: closed now, or when the last export reading it ends. */
  dispose(): void {
    const live = this.live;
    this.live = null;
    if (!live) return;
    live.retired = true;
    if (live.readers === 0) live.db.close();
  }
}
