// Writes a whole embedded index into a new file, sealed: in the serving process (replaceAll) or in
// the admin's worker process, which hands the file to the server to be swapped in.
import Database from 'better-sqlite3';
import type { Chunk, DocMeta, IndexSource } from '../../core/types';
import { SCHEMA, writeIndex } from './schema';
import { seal } from './check';

export async function writeIndexFile(
  file: string,
  docs: DocMeta[],
  chunks: Chunk[],
  source: IndexSource = {},
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const docOrder = new Map(docs.map((d, i) => [d.id, i]));
  const ordered = [...chunks].sort((a, b) => (docOrder.get(a.docId) ?? 0) - (docOrder.get(b.docId) ?? 0) || a.position - b.position);
  const db = new Database(file);
  try {
    // Large pages: rows of a kilobyte and posting lists of megabytes fill them with little waste.
    db.pragma('page_size = 65536');
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA);
    await writeIndex(db, docs, ordered, onProgress);
    if (source.corpusDigest) db.prepare("INSERT INTO meta (key, value) VALUES ('corpusDigest', ?)").run(source.corpusDigest);
  } finally {
    db.close();
  }
  await seal(file);
}
