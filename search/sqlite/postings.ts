// Posting lists, stored one row per token: the rows that contain the token (delta varints), and
// per row its positions, each a 16-bit (position << 1) | more, where `more` says another position
// of the same row follows. Fixed-width positions are read without decoding, which matters more
// than the bytes a varint would save. A row's count and whether the token is in its heading are
// read off its positions. Rows are numbered from 1 in report order.
import { eachToken } from '../tokens';

/** A growable byte buffer written with unsigned LEB128 varints. */
export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 16) {
    this.bytes = new Uint8Array(capacity);
  }

  varint(n: number): void {
    if (this.length + 5 > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + 5));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    while (n > 0x7f) {
      this.bytes[this.length++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.bytes[this.length++] = n;
  }

  /** An unsigned 16-bit value, little-endian. */
  u16(n: number): void {
    if (this.length + 2 > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes[this.length++] = n & 0xff;
    this.bytes[this.length++] = n >>> 8;
  }

  /** The written bytes as a Buffer sharing no memory with the writer. */
  toBuffer(): Buffer {
    return Buffer.from(this.bytes.subarray(0, this.length));
  }
}

/** Reads varints from a byte array, front to back (values below 2^28, which is all we store). */
export class ByteReader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}

  varint(): number {
    const bytes = this.bytes;
    let b = bytes[this.at++];
    if (b < 0x80) return b;
    let n = b & 0x7f;
    b = bytes[this.at++];
    n |= (b & 0x7f) << 7;
    if (b < 0x80) return n;
    b = bytes[this.at++];
    n |= (b & 0x7f) << 14;
    if (b < 0x80) return n;
    b = bytes[this.at++];
    return n | ((b & 0x7f) << 21);
  }
}

/** The rows of a token's list. */
export function decodeRows(df: number, docs: Uint8Array): Int32Array {
  const rows = new Int32Array(df);
  const d = new ByteReader(docs);
  let row = 0;
  for (let i = 0; i < df; i++) rows[i] = row += d.varint();
  return rows;
}

/** The highest position a token can have: a chunk's tokens beyond it are not indexed. */
export const MAX_POSITION = 0x7ffe;

/** A stored positions blob as 16-bit values (copied when the blob is not 2-byte aligned). */
export function positionsView(blob: Uint8Array): Uint16Array {
  if (blob.byteOffset % 2 === 0) return new Uint16Array(blob.buffer, blob.byteOffset, blob.byteLength >>> 1);
  return new Uint16Array(Uint8Array.from(blob).buffer);
}

/**
 * For each candidate row (ascending, all in the list), the token's weight there: how often it
 * occurs, with an occurrence in the heading (positions below headLen) counting `headWeight`.
 * Rows of the list that are not candidates are skipped.
 */
export function decodeWeights(rows: Int32Array, pos: Uint16Array, headLen: Int32Array, candidates: Int32Array, headWeight: number): Float32Array {
  const weight = new Float32Array(candidates.length);
  let at = 0;
  let k = 0;
  for (let i = 0; i < rows.length && k < candidates.length; i++) {
    const first = pos[at];
    let n = 1;
    while (pos[at++] & 1) n++;
    if (rows[i] !== candidates[k]) continue;
    // Positions ascend, so only the first can lie in the heading.
    weight[k++] = first >>> 1 < headLen[rows[i]] ? headWeight + n - 1 : n;
  }
  return weight;
}

/** For each candidate row, the positions of one token in it: vals[start[k]..start[k+1]). */
export interface RowPositions {
  start: Int32Array;
  vals: Int32Array;
}

/** The positions of a token in each candidate row (candidates ascending; rows it lacks get none). */
export function decodePositions(rows: Int32Array, pos: Uint16Array, candidates: Int32Array): RowPositions {
  const start = new Int32Array(candidates.length + 1);
  let vals = new Int32Array(Math.max(16, candidates.length * 2));
  let n = 0;
  let at = 0;
  let k = 0;
  const last = candidates.length ? candidates[candidates.length - 1] : 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row > last) break;
    while (candidates[k] < row) start[++k] = n;
    if (candidates[k] !== row) {
      while (pos[at++] & 1);
      continue;
    }
    let v: number;
    do {
      v = pos[at++];
      if (n === vals.length) {
        const grown = new Int32Array(n * 2);
        grown.set(vals);
        vals = grown;
      }
      vals[n++] = v >>> 1;
    } while (v & 1);
    start[++k] = n;
  }
  while (k < candidates.length) start[++k] = n;
  return { start, vals: vals.subarray(0, n) };
}

/** Dense ids for token keys (a pair of code points), by open addressing: the indexer's hot lookup. */
class KeyTable {
  private a = new Int32Array(1 << 16);
  private b = new Int32Array(1 << 16);
  private id = new Int32Array(1 << 16).fill(-1);
  size = 0;

  idOf(a: number, b: number): number {
    let mask = this.id.length - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca6b)) & mask;
    for (;;) {
      const id = this.id[h];
      if (id === -1) break;
      if (this.a[h] === a && this.b[h] === b) return id;
      h = (h + 1) & mask;
    }
    const id = this.size++;
    this.a[h] = a;
    this.b[h] = b;
    this.id[h] = id;
    if (this.size * 2 > this.id.length) {
      this.rehash();
      mask = this.id.length - 1;
    }
    return id;
  }

  private rehash(): void {
    const { a, b, id } = this;
    this.a = new Int32Array(a.length * 2);
    this.b = new Int32Array(a.length * 2);
    this.id = new Int32Array(a.length * 2).fill(-1);
    const mask = this.id.length - 1;
    for (let i = 0; i < id.length; i++) {
      if (id[i] === -1) continue;
      let h = (Math.imul(a[i], 0x9e3779b1) ^ Math.imul(b[i] + 1, 0x85ebca6b)) & mask;
      while (this.id[h] !== -1) h = (h + 1) & mask;
      this.a[h] = a[i];
      this.b[h] = b[i];
      this.id[h] = id[i];
    }
  }
}

const BATCH = 1 << 22;
const KEY_SHIFT = 2 ** 21;

/**
 * Collects the postings of every token while chunks are read in row order. Occurrences are
 * gathered in flat arrays and inverted per batch with a counting sort, so that each token's lists
 * are written front to back rather than a few bytes at a time in random places.
 */
export class PostingsBuilder {
  private readonly table = new KeyTable();
  private keys: number[] = [];
  private docs: ByteWriter[] = [];
  private pos: ByteWriter[] = [];
  private df: number[] = [];
  private lastRow: number[] = [];
  private occTerm = new Int32Array(BATCH);
  private occRow = new Int32Array(BATCH);
  private occPos = new Int32Array(BATCH);
  private occ = 0;
  private row = 0;

  /** Starts the next row (rows are numbered 1, 2, ... in the order they are started). */
  startRow(): number {
    if (this.occ > BATCH - 65536) this.flush();
    return ++this.row;
  }

  /** Adds the tokens of folded text at positions from `offset`; returns the positions it used. */
  addText(folded: string, offset: number): number {
    return eachToken(folded, (p, a, b) => {
      if (offset + p > MAX_POSITION) return;
      if (this.occ === this.occTerm.length) this.growBatch();
      const id = this.table.idOf(a, b);
      if (id === this.keys.length) this.newTerm(a * KEY_SHIFT + b);
      this.occTerm[this.occ] = id;
      this.occRow[this.occ] = this.row;
      this.occPos[this.occ++] = offset + p;
    });
  }

  private newTerm(key: number): void {
    this.keys.push(key);
    this.docs.push(new ByteWriter(8));
    this.pos.push(new ByteWriter(8));
    this.df.push(0);
    this.lastRow.push(0);
  }

  private growBatch(): void {
    const grow = (x: Int32Array) => {
      const y = new Int32Array(x.length * 2);
      y.set(x);
      return y;
    };
    this.occTerm = grow(this.occTerm);
    this.occRow = grow(this.occRow);
    this.occPos = grow(this.occPos);
  }

  /** Inverts the gathered occurrences (all of complete rows) into the per-token lists. */
  private flush(): void {
    const n = this.occ;
    const terms = this.keys.length;
    const start = new Int32Array(terms + 1);
    for (let i = 0; i < n; i++) start[this.occTerm[i] + 1]++;
    for (let t = 0; t < terms; t++) start[t + 1] += start[t];
    // Scatter rows and positions into token order once; the pass below then reads front to back.
    const rows = new Int32Array(n);
    const positions = new Int32Array(n);
    const fill = start.slice(0, terms);
    for (let i = 0; i < n; i++) {
      const at = fill[this.occTerm[i]]++;
      rows[at] = this.occRow[i];
      positions[at] = this.occPos[i];
    }
    for (let t = 0; t < terms; t++) {
      let i = start[t];
      const end = start[t + 1];
      if (i === end) continue;
      const docs = this.docs[t];
      const pos = this.pos[t];
      while (i < end) {
        const row = rows[i];
        docs.varint(row - this.lastRow[t]);
        this.lastRow[t] = row;
        this.df[t]++;
        for (; i < end && rows[i] === row; i++) {
          const more = i + 1 < end && rows[i + 1] === row ? 1 : 0;
          pos.u16(positions[i] * 2 + more);
        }
      }
    }
    this.occ = 0;
  }

  /** Every token's posting rows, in key order, releasing the builder's memory as it goes. */
  *finish(): Generator<{ key: number; df: number; docs: Buffer; pos: Buffer }> {
    this.flush();
    const order = this.keys.map((_, i) => i).sort((a, b) => this.keys[a] - this.keys[b]);
    for (const id of order) {
      yield { key: this.keys[id], df: this.df[id], docs: this.docs[id].toBuffer(), pos: this.pos[id].toBuffer() };
      this.docs[id] = this.pos[id] = EMPTY;
    }
  }
}

const EMPTY = new ByteWriter(0);
