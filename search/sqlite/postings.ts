// Posting lists, stored one row per token: the rows that contain the token (delta varints), per row
// its count and whether it occurs in the heading ((count << 1) | heading, varints), and per row its
// positions (delta varints, restarting at each row). Rows are numbered from 1 in report order.
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

  /** The written bytes as a Buffer sharing no memory with the writer. */
  toBuffer(): Buffer {
    return Buffer.from(this.bytes.subarray(0, this.length));
  }
}

/** Reads varints from a byte array, front to back. */
export class ByteReader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}

  varint(): number {
    let n = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.bytes[this.at++];
      n += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    return n;
  }
}

/** One token's rows and per-row counts, decoded. */
export interface Postings {
  rows: Int32Array;
  /** (count << 1) | 1 when the token occurs in the heading. */
  codes: Int32Array;
}

export function decodePostings(df: number, docs: Uint8Array, codes: Uint8Array): Postings {
  const rows = new Int32Array(df);
  const tfs = new Int32Array(df);
  const d = new ByteReader(docs);
  const c = new ByteReader(codes);
  let row = 0;
  for (let i = 0; i < df; i++) {
    row += d.varint();
    rows[i] = row;
    tfs[i] = c.varint();
  }
  return { rows, codes: tfs };
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
  private codes: ByteWriter[] = [];
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
  addText(folded: string, offset: number, inHeading: boolean): number {
    const head = inHeading ? 1 : 0;
    return eachToken(folded, (p, a, b) => {
      if (this.occ === this.occTerm.length) this.growBatch();
      const id = this.table.idOf(a, b);
      if (id === this.keys.length) this.newTerm(a * KEY_SHIFT + b);
      this.occTerm[this.occ] = id;
      this.occRow[this.occ] = this.row;
      this.occPos[this.occ++] = ((offset + p) << 1) | head;
    });
  }

  private newTerm(key: number): void {
    this.keys.push(key);
    this.docs.push(new ByteWriter(8));
    this.codes.push(new ByteWriter(8));
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
      const codes = this.codes[t];
      const pos = this.pos[t];
      while (i < end) {
        const row = rows[i];
        docs.varint(row - this.lastRow[t]);
        this.lastRow[t] = row;
        this.df[t]++;
        let tf = 0;
        let head = 0;
        let last = 0;
        for (; i < end && rows[i] === row; i++) {
          const v = positions[i];
          const p = v >>> 1;
          pos.varint(p - last);
          last = p;
          head |= v & 1;
          tf++;
        }
        codes.varint(tf * 2 + head);
      }
    }
    this.occ = 0;
  }

  /** Every token's posting rows, in key order, releasing the builder's memory as it goes. */
  *finish(): Generator<{ key: number; df: number; docs: Buffer; codes: Buffer; pos: Buffer }> {
    this.flush();
    const order = this.keys.map((_, i) => i).sort((a, b) => this.keys[a] - this.keys[b]);
    for (const id of order) {
      yield { key: this.keys[id], df: this.df[id], docs: this.docs[id].toBuffer(), codes: this.codes[id].toBuffer(), pos: this.pos[id].toBuffer() };
      this.docs[id] = this.codes[id] = this.pos[id] = EMPTY;
    }
  }
}

const EMPTY = new ByteWriter(0);
