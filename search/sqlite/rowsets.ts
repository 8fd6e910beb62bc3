// Sets of rows as ascending Int32Arrays, and the merges the engine combines them with.

export const NO_ROWS: Int32Array = new Int32Array(0);

export function intersect(a: Int32Array, b: Int32Array): Int32Array {
  if (a === b) return a;
  const out = new Int32Array(Math.min(a.length, b.length));
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      out[n++] = a[i];
      i++;
      j++;
    }
  }
  return out.subarray(0, n);
}

export function union(a: Int32Array, b: Int32Array): Int32Array {
  if (!a.length) return b;
  if (!b.length) return a;
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out[n++] = a[i++];
    else if (i >= a.length || b[j] < a[i]) out[n++] = b[j++];
    else {
      out[n++] = a[i++];
      j++;
    }
  }
  return out.subarray(0, n);
}

/** Rows of a that are not in b. */
export function difference(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length);
  let j = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    while (j < b.length && b[j] < a[i]) j++;
    if (b[j] !== a[i]) out[n++] = a[i];
  }
  return out.subarray(0, n);
}

/** The intersection of several sets, smallest first; null stands for every row. */
export function intersectAll(sets: (Int32Array | null)[]): Int32Array | null {
  const real = sets.filter((s): s is Int32Array => s !== null).sort((a, b) => a.length - b.length);
  if (!real.length) return null;
  let out = real[0];
  for (const s of real.slice(1)) {
    if (!out.length) break;
    out = intersect(out, s);
  }
  return out;
}

/** Rows 1..size. */
export function allRows(size: number): Int32Array {
  const rows = new Int32Array(size);
  for (let r = 0; r < size; r++) rows[r] = r + 1;
  return rows;
}
