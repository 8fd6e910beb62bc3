// Slows guessing of the admin token without locking editors out. Wrong tokens are counted per
// address and, separately, over all addresses (editors behind one proxy share an address). Past
// the free failures, every attempt from a counted address (or, past the global budget, from any
// address) waits its turn, one at a time, and waits longer the more failures there were; a wrong
// token is then refused outright. The right token is always let in, after that wait: guessing is
// slowed to one attempt per wait, and an editor who knows the token is never shut out.

export interface GuardLimits {
  /** Failures are forgotten after this long. */
  windowMs: number;
  /** Wrong tokens from one address before its attempts are slowed. */
  perAddress: number;
  /** Wrong tokens from all addresses together before every attempt is slowed. */
  global: number;
  /** The first wait; each further failure doubles it, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const GUARD_DEFAULTS: GuardLimits = { windowMs: 15 * 60_000, perAddress: 5, global: 100, baseDelayMs: 250, maxDelayMs: 8000 };

interface Count {
  failures: number;
  since: number;
  /** The attempts of a slowed key wait for each other. */
  lane: Promise<void>;
}

const GLOBAL = '*';

export class LoginGuard {
  private readonly counts = new Map<string, Count>();
  readonly limits: GuardLimits;

  constructor(limits: Partial<GuardLimits> = {}) {
    this.limits = { ...GUARD_DEFAULTS, ...limits };
  }

  private count(key: string): Count {
    const now = Date.now();
    let c = this.counts.get(key);
    if (!c || c.since < now - this.limits.windowMs) {
      c = { failures: 0, since: now, lane: Promise.resolve() };
      this.counts.set(key, c);
    }
    return c;
  }

  /** Whether wrong tokens from this address, or from all of them, passed their free failures. */
  slowed(address: string): boolean {
    return this.count(address).failures >= this.limits.perAddress || this.count(GLOBAL).failures >= this.limits.global;
  }

  /**
   * Runs one sign-in attempt: at once when its address is not slowed, else after the attempts
   * before it and a wait that grows with the failures. `attempt` says whether the token was right.
   */
  async attempt(address: string, attempt: () => boolean): Promise<{ ok: boolean; slowed: boolean }> {
    const slowed = this.slowed(address);
    if (!slowed) return this.settle(address, attempt(), false);
    const own = this.count(address);
    const global = this.count(GLOBAL);
    const key = own.failures >= this.limits.perAddress ? own : global;
    const over = Math.max(own.failures - this.limits.perAddress, global.failures - this.limits.global, 0);
    const delay = Math.min(this.limits.maxDelayMs, this.limits.baseDelayMs * 2 ** Math.min(over, 16));
    const turn = key.lane.then(() => new Promise<void>((r) => setTimeout(r, delay)));
    key.lane = turn;
    await turn;
    return this.settle(address, attempt(), true);
  }

  private settle(address: string, ok: boolean, slowed: boolean): { ok: boolean; slowed: boolean } {
    if (!ok) {
      this.count(address).failures++;
      this.count(GLOBAL).failures++;
    }
    // Forgotten counts go: the map does not grow with every address ever seen.
    if (this.counts.size > 10_000) for (const [k, c] of this.counts) if (c.since < Date.now() - this.limits.windowMs) this.counts.delete(k);
    return { ok, slowed };
  }
}
