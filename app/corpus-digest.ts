// The one digest of a corpus: the names and contents of the report files an index is built from.
// An index records the digest of the corpus it was read from; when the corpus on disk has another,
// the two disagree (a change whose re-index was cut short, a file copied in by hand).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { listReportFiles } from '../indexer/corpus';

/** Each file's content hash, by path, kept while its size and times stay the same. */
const known = new Map<string, { stamp: string; hash: string }>();

function stampOf(st: fs.Stats): string {
  return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

function hashOf(file: string, reuse: boolean): string {
  const st = fs.statSync(file);
  const stamp = stampOf(st);
  const cached = known.get(file);
  if (reuse && cached?.stamp === stamp) return cached.hash;
  const hash = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  // A file changed while it was read is hashed again next time.
  if (stampOf(fs.statSync(file)) === stamp) known.set(file, { stamp, hash });
  return hash;
}

/**
 * The digest of the report files in `reportsDir` (the files an index reads, by name and content).
 * A build reads every file (`reuse` false); a check of a running server reuses the hash of a file
 * whose size and times have not changed since it was last read.
 */
export function corpusDigest(reportsDir: string, opts: { reuse?: boolean } = {}): string {
  const digest = createHash('sha256');
  for (const file of listReportFiles(reportsDir)) {
    let hash: string;
    try {
      hash = hashOf(file, opts.reuse === true);
    } catch (err) {
      // Removed since it was listed: not part of the corpus.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    digest.update(`${path.basename(file)}\0${hash}\n`);
  }
  return digest.digest('hex');
}
