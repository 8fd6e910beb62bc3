// Posting lists, stored one row per token: the rows that contain the token (delta varints), per row
// its count and whether it occurs in the heading ((count << 1) | heading, varints), and per row its
// positions (delta varints, restarting at each row). Rows are numbered from 1 in report order.

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

/**
 * Collects the postings of every token while chunks are read in row order. Per-token state lives
 * in typed arrays indexed by a dense token id, so adding a token occurrence allocates nothing.
 */
export class PostingsBuilder {
  readonly ids = new Map<number, number>();
  readonly keys: number[] = [];
  private docs: ByteWriter[] = [];
  private codes: ByteWriter[] = [];
  private pos: ByteWriter[] = [];
  private df = new Int32Array(1024);
  private lastRow = new Int32Array(1024);
  private lastPos = new Int32Array(1024);
  private tf = new Int32Array(1024);
  private head = new Uint8Array(1024);
  private touched: number[] = [];
  private row = 0;

  private grow(): void {
    const n = this.df.length * 2;
    const copy = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.df = copy(this.df, (k) => new Int32Array(k));
    this.lastRow = copy(this.lastRow, (k) => new Int32Array(k));
    this.lastPos = copy(this.lastPos, (k) => new Int32Array(k));
    this.tf = copy(this.tf, (k) => new Int32Array(k));
    this.head = copy(this.head, (k) => new Uint8Array(k));
  }

  /** Starts the next row (rows are numbered 1, 2, ... in the order they are started). */
  startRow(): number {
    this.finishRow();
    return ++this.row;
  }

  /** Adds a token occurrence of the current row; positions must come in increasing order. */
  add(key: number, position: number, inHeading: boolean): void {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(key, id);
      this.keys.push(key);
      this.docs.push(new ByteWriter(8));
      this.codes.push(new ByteWriter(8));
      this.pos.push(new ByteWriter(8));
      if (id >= this.df.length) this.grow();
    }
    const row = this.row;
    if (this.lastRow[id] !== row) {
      this.docs[id].varint(row - this.lastRow[id]);
      this.lastRow[id] = row;
      this.df[id]++;
      this.tf[id] = 0;
      this.head[id] = 0;
      this.lastPos[id] = 0;
      this.touched.push(id);
    }
    this.pos[id].varint(position - this.lastPos[id]);
    this.lastPos[id] = position;
    this.tf[id]++;
    if (inHeading) this.head[id] = 1;
  }

  private finishRow(): void {
    for (const id of this.touched) this.codes[id].varint(this.tf[id] * 2 + this.head[id]);
    this.touched.length = 0;
  }

  /** Every token's posting rows, in key order, releasing the builder's memory as it goes. */
  *finish(): Generator<{ key: number; df: number; docs: Buffer; codes: Buffer; pos: Buffer }> {
    this.finishRow();
    const order = this.keys.map((_, i) => i).sort((a, b) => this.keys[a] - this.keys[b]);
    for (const id of order) {
      yield { key: this.keys[id], df: this.df[id], docs: this.docs[id].toBuffer(), codes: this.codes[id].toBuffer(), pos: this.pos[id].toBuffer() };
      this.docs[id] = this.codes[id] = this.pos[id] = EMPTY;
    }
  }
}

const EMPTY = new ByteWriter(0);
