// Work done a step at a time: a generator that yields between steps can run to its end at once
// (a command-line build) or in slices of a few milliseconds with the event loop turning between
// them (a serving process preparing a new index while readers are answered from the old one).
import { setImmediate as nextTurn } from 'node:timers/promises';

export type Steps<T> = Generator<void, T, void>;

/** Runs every step now. */
export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs the steps in slices of about `sliceMs`, letting the event loop turn between slices. */
export async function runInSlices<T>(steps: Steps<T>, sliceMs = 4): Promise<T> {
  let started = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - started >= sliceMs) {
      await nextTurn();
      started = performance.now();
    }
  }
}
