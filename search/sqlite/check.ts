// Whether an index file is sound. SQLite's quick_check finds a damaged structure, but not damage
// inside the data (a report's text, a posting list), which is read as it is and fails later or,
// worse, answers wrongly. So a build seals the file with a checksum of its bytes, kept in the
// file's own header, and a file is sound when the structure checks out and the checksum matches.
import fs from 'node:fs';
import { crc32 } from 'node:zlib';
import Database from 'better-sqlite3';

/** The header's application id of a sealed index ("PAKB"); the checksum is its user_version. */
const SEALED = 0x50414b42;
/**
 * Header bytes that sealing changes and the checksum leaves out: the change counter, user_version,
 * application_id, and the counter and library version stamped with every write.
 */
const UNSUMMED: [number, number][] = [
  [24, 28],
  [60, 64],
  [68, 72],
  [92, 100],
];
const HEADER = 100;
const BLOCK = 8 << 20;

/** The checksum of one block read at `pos`, continuing `crc`. */
function sum(crc: number, block: Buffer, pos: number): number {
  if (pos >= HEADER) return crc32(block, crc);
  const head = Buffer.from(block.subarray(0, HEADER - pos));
  for (const [from, to] of UNSUMMED) if (to > pos) head.fill(0, Math.max(0, from - pos), Math.min(head.length, to - pos));
  return crc32(block.subarray(head.length), crc32(head, crc));
}

function checksumSync(file: string): number {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(BLOCK);
    let crc = 0;
    for (let pos = 0, n; (n = fs.readSync(fd, buf, 0, BLOCK, pos)) > 0; pos += n) crc = sum(crc, buf.subarray(0, n), pos);
    return crc;
  } finally {
    fs.closeSync(fd);
  }
}

/** The same checksum, read a block per turn of the event loop (for a build in a serving process). */
async function checksum(file: string): Promise<number> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(BLOCK);
    let crc = 0;
    for (let pos = 0, n; (n = (await handle.read(buf, 0, BLOCK, pos)).bytesRead) > 0; pos += n) crc = sum(crc, buf.subarray(0, n), pos);
    return crc;
  } finally {
    await handle.close();
  }
}

/** Writes the checksum of a finished, closed index file into its header. */
export async function seal(file: string): Promise<void> {
  const crc = await checksum(file);
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma(`application_id = ${SEALED}`);
    // user_version is a signed 32-bit number.
    db.pragma(`user_version = ${crc | 0}`);
  } finally {
    db.close();
  }
}

/** SQLite's check of the file's structure: null when it checks out; "unsealed" or the checksum the file's header holds otherwise. */
function structure(file: string): { problem: string } | { stored: number } {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const quick = db.pragma('quick_check(1)', { simple: true });
    if (quick !== 'ok') return { problem: `the file is damaged: ${String(quick)}` };
    if (db.pragma('application_id', { simple: true }) !== SEALED) return { problem: 'unsealed' };
    return { stored: (db.pragma('user_version', { simple: true }) as number) >>> 0 };
  } catch (err) {
    return { problem: (err as Error).message };
  } finally {
    db?.close();
  }
}

const MISMATCH = 'the file is damaged: its checksum does not match its contents';

/** What is wrong with an index file, or null when it is sound; "unsealed" when it was built without a checksum. */
export function indexProblem(file: string): string | null {
  const s = structure(file);
  if ('problem' in s) return s.problem;
  return checksumSync(file) === s.stored ? null : MISMATCH;
}

/** The same check, its checksum read a block per turn of the event loop (for a serving process). */
export async function indexProblemAsync(file: string): Promise<string | null> {
  const s = structure(file);
  if ('problem' in s) return s.problem;
  return (await checksum(file)) === s.stored ? null : MISMATCH;
}
