// The ids a permalink is made of: a report's id (its file's name) and a chunk's id (the report's id,
// a hash of the chunk, and a counter for a chunk repeated word for word). Minted, read back and
// checked here only.
import path from 'node:path';

/** A report id: lower-case letters, digits and hyphens; the name of its file in corpus/reports. */
export const REPORT_ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** A chunk id as minted by chunkId (hashes of 6 to 40 hex digits are read, for links made by older versions). */
const CHUNK_ID = /^([a-z0-9][a-z0-9-]{0,79})-[0-9a-f]{6,40}(?:-\d{1,4})?$/;

/** How many hex digits of the chunk's hash its id carries. */
const HASH_DIGITS = 10;

/** The id of the n-th (from 1) chunk of a report whose content hashes to `hash` (hex). */
export function chunkId(docId: string, hash: string, n = 1): string {
  const base = `${docId}-${hash.slice(0, HASH_DIGITS)}`;
  return n === 1 ? base : `${base}-${n}`;
}

export function isChunkId(id: string): boolean {
  return CHUNK_ID.test(id);
}

/** The report a chunk id belongs to: its report part survives a re-index that changes the hash. */
export function docIdOfChunk(id: string): string {
  return CHUNK_ID.exec(id)?.[1] ?? id.replace(/-[0-9a-f]{6,}(?:-\d+)?$/, '');
}

/** Report files are .md and .txt files, in any case, that are not hidden. */
export function isReportFile(name: string): boolean {
  return /\.(md|txt)$/i.test(name) && !name.startsWith('.');
}

/** The report id a report file's name gives (before its front matter says otherwise). */
export function reportIdOfFile(name: string): string {
  return path.basename(name).replace(/\.(md|txt)$/i, '');
}

/** A report id from a file's name; `fallback` names a file whose name has no Latin letters or digits. */
export function slugFromFile(file: string, fallback?: string): string {
  const base = path
    .basename(file)
    .replace(/\.[^.]+$/, '')
    .toLowerCase();
  const slug = base
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || `report-${(fallback ?? Buffer.from(base).toString('hex')).slice(0, 16)}`;
}
