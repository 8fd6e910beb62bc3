// The one digest of a corpus: the names and contents of the report files an index is built from.
// An index records the digest of the corpus it was read from; when the corpus on disk has another,
// the two disagree (a change whose re-index was cut short, a file copied in by hand).
//
// Files are listed, stat'ed and read asynchronously, so that a serving process keeps answering
// while a large corpus is hashed. A running server asks often (every /healthz): it keeps the
// digest keyed by the list of the files' names, sizes and times, and hashes again only the files
// whose size or times changed.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isReportFile } from '../core/ids';

/** How the digest reaches the files (tests count the reads through it). */
export interface DigestIo {
  /** The names of the plain files in `dir`. */
  list(dir: string): Promise<string[]>;
  stat(file: string): Promise<fs.Stats>;
  read(file: string): Promise<Buffer>;
}

export const nodeIo: DigestIo = {
  list: async (dir) => (await fs.promises.readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name),
  stat: (file) => fs.promises.stat(file),
  read: (file) => fs.promises.readFile(file),
};

/** What changes when a file's content may have: its inode, size and times. */
function stampOf(st: fs.Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

/** How many report files are read at once. */
const READ_AT_ONCE = 8;

const missing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** The digest of one corpus directory, kept between calls and recomputed only for what changed. */
export class CorpusDigester {
  /** Each file's content hash, by name, kept while its stamp stays the same. */
  private readonly hashes = new Map<string, { stamp: string; hash: string }>();
  /** The last digest, with the stamps of the files it was computed from. */
  private last: { stamps: string; digest: string } | null = null;
  private running: Promise<string> | null = null;

  constructor(
    private readonly reportsDir: string,
    private readonly io: DigestIo = nodeIo,
  ) {}

  /**
   * The digest of the report files as they are now. Calls made while one is computed share it;
   * unchanged files are not read again.
   */
  current(): Promise<string> {
    this.running ??= this.compute().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async compute(): Promise<string> {
    let names: string[];
    try {
      names = (await this.io.list(this.reportsDir)).filter(isReportFile).sort();
    } catch (err) {
      if (missing(err)) throw new Error(`The reports directory ${this.reportsDir} does not exist.`);
      throw err;
    }
    // A file removed since it was listed is not part of the corpus.
    const stats = await Promise.all(
      names.map((name) => this.io.stat(path.join(this.reportsDir, name)).catch((err) => (missing(err) ? null : Promise.reject(err)))),
    );
    const files = names.flatMap((name, i) => (stats[i] ? [{ name, stamp: stampOf(stats[i]) }] : []));
    const stamps = files.map((f) => `${f.name}\0${f.stamp}`).join('\n');
    if (this.last?.stamps === stamps) return this.last.digest;
    const digest = createHash('sha256');
    let steady = true;
    // A few files read at a time: quicker than one by one, and never the whole corpus in memory.
    for (let i = 0; i < files.length; i += READ_AT_ONCE) {
      const batch = files.slice(i, i + READ_AT_ONCE);
      const hashes = await Promise.all(batch.map((f) => this.hashOf(f.name, f.stamp)));
      batch.forEach(({ name }, k) => {
        const hash = hashes[k];
        if (hash?.steady !== true) steady = false;
        if (hash) digest.update(`${name}\0${hash.hash}\n`);
      });
    }
    const present = new Set(names);
    for (const name of this.hashes.keys()) if (!present.has(name)) this.hashes.delete(name);
    const out = digest.digest('hex');
    // A file that changed while it was read is read again next time.
    this.last = steady ? { stamps, digest: out } : null;
    return out;
  }

  /** A file's content hash, read only when its stamp is new; null when it is gone. */
  private async hashOf(name: string, stamp: string): Promise<{ hash: string; steady: boolean } | null> {
    const known = this.hashes.get(name);
    if (known?.stamp === stamp) return { hash: known.hash, steady: true };
    const file = path.join(this.reportsDir, name);
    let content: Buffer;
    let after: string;
    try {
      content = await this.io.read(file);
      after = stampOf(await this.io.stat(file));
    } catch (err) {
      if (missing(err)) return null;
      throw err;
    }
    const hash = createHash('sha256').update(content).digest('hex');
    const steady = after === stamp;
    if (steady) this.hashes.set(name, { stamp, hash });
    else this.hashes.delete(name);
    return { hash, steady };
  }
}

/** The digest of the report files in `reportsDir` (by name and content), every file read: what a build records. */
export function corpusDigest(reportsDir: string, io: DigestIo = nodeIo): Promise<string> {
  return new CorpusDigester(reportsDir, io).current();
}
