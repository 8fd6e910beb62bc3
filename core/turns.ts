// Long work in a serving process — an export of thousands of measures — taken in turns of a few
// milliseconds. Between two turns the event loop turns, so that pages are answered; and when
// several exports run at once, the next turn goes to the one that has had the least time so far
// (a newcomer starting level with the others), so that a short export behind long ones takes its
// fair share of the server rather than waiting behind their long stretches.

/** The work one export does before it lets the others have their turn. */
export const TURN_MS = 4;

/** Exports waiting for their next turn. */
const waiting: Turns[] = [];
let scheduled = false;

/** Gives the next turn, one per turn of the event loop, to the export that has had the least time. */
function schedule(): void {
  if (scheduled || !waiting.length) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    let next = 0;
    for (let i = 1; i < waiting.length; i++) if (waiting[i].used < waiting[next].used) next = i;
    const [turns] = waiting.splice(next, 1);
    turns.resume();
    schedule();
  });
}

export class Turns {
  /** The time this export has had (ms), counted from the least any other waiting one had when it started. */
  used: number = waiting.length ? Math.min(...waiting.map((t) => t.used)) : 0;
  private started = performance.now();
  private wake: (() => void) | null = null;

  constructor(private readonly ms = TURN_MS) {}

  /** Waits for the next turn when this turn's time is spent (cheap to call often). */
  async pass(): Promise<void> {
    const spent = performance.now() - this.started;
    if (spent < this.ms) return;
    this.used += spent;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      waiting.push(this);
      schedule();
    });
    this.started = performance.now();
  }

  /** Its turn has come. */
  resume(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
