/** Where every gateway instance adds its counts: the window's shared total, returned after adding. */
export interface SharedWindowCounts {
  add(clientId: string, windowStart: Date, requests: number): Promise<number>;
}

export interface RateLimitCounterOptions {
  windowMs: number;
  /** How often counts made here are added to the shared total. */
  flushIntervalMs: number;
  /** A background flush failed; its counts are kept and sent with the next one. */
  onFlushError?: (error: unknown) => void;
  now?: () => number;
}

/** One client's window as this instance sees it. */
interface Tally {
  clientId: string;
  windowStart: number;
  /** The shared total as of this instance's last write; it includes everything this instance counted before that write. */
  known: number;
  /** Counted here, being added to the shared total right now. */
  writing: number;
  /** Counted here, not yet sent. */
  pending: number;
  /** When `known` was last read; undefined before this instance's first write in the window. */
  knownAt: number | undefined;
  /** Writes of one tally run one after another, so `known` never counts a request twice. */
  queue: Promise<unknown>;
  queued: number;
}

/** Requests this close to the limit (at least this many, or this share of it) are counted in the shared total before they are answered. */
const EXACT_STRETCH_MIN = 20;
const EXACT_STRETCH_SHARE = 0.1;

/** A shared total read within this many flush intervals is recent enough; a client back from a quiet spell is counted exactly once. */
const FRESH_FOR_FLUSHES = 5;

export const exactStretchOf = (limit: number) => Math.max(EXACT_STRETCH_MIN, Math.ceil(limit * EXACT_STRETCH_SHARE));

/**
 * Per-client request counts per fixed window, shared by every gateway
 * instance without a write per request. Far from the limit, a request is
 * counted here and the counts are added to the shared total every
 * `flushIntervalMs`; the first request of a window, the first after a quiet
 * spell, and every request in the last stretch before the limit are added at
 * once and answered with the exact shared total. Past the limit, refusals
 * need no write: a window's total only grows.
 *
 * With one instance the count is exact. With several, a client can pass its
 * limit by what it sent through the other instances that this instance has
 * not seen yet — their unflushed counts plus what they added since this
 * instance last read the total, at most about `FRESH_FOR_FLUSHES` flush
 * intervals (1 s by default) of that traffic — less the exact stretch.
 */
export class RateLimitCounter {
  private readonly tallies = new Map<string, Tally>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly shared: SharedWindowCounts,
    private readonly options: RateLimitCounterOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Counts one request of `clientId` in the current window; returns the window's count including it, and when the window started. */
  async hit(clientId: string, limit: number): Promise<{ count: number; windowStart: number }> {
    const windowStart = Math.floor(this.now() / this.options.windowMs) * this.options.windowMs;
    const tally = this.tallyFor(clientId, windowStart);
    for (;;) {
      const estimate = tally.known + tally.writing + tally.pending + 1;
      const far = limit - estimate >= exactStretchOf(limit);
      if (estimate > limit || (far && this.isFresh(tally))) {
        tally.pending += 1;
        return { count: estimate, windowStart };
      }
      // Far from the limit, a write already under way will bring the shared total: wait for it instead of adding another.
      if (far && tally.queued > 0) {
        await tally.queue;
        continue;
      }
      return { count: await this.write(tally, 1), windowStart };
    }
  }

  /** Adds every count made here to the shared totals and forgets windows that are over. */
  async flush(): Promise<void> {
    const writes: Array<Promise<unknown>> = [];
    for (const [key, tally] of this.tallies) {
      if (tally.pending > 0) writes.push(this.write(tally, 0).catch((error) => this.options.onFlushError?.(error)));
      else if (tally.writing === 0 && this.windowEnded(tally)) this.tallies.delete(key);
    }
    await Promise.all(writes);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  /** Stops the timer and sends what is still counted only here. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private tallyFor(clientId: string, windowStart: number): Tally {
    const key = `${clientId}\u0000${windowStart}`;
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = { clientId, windowStart, known: 0, writing: 0, pending: 0, knownAt: undefined, queue: Promise.resolve(), queued: 0 };
      this.tallies.set(key, tally);
    }
    return tally;
  }

  /** The shared total was read recently enough to decide far from the limit without reading it again. */
  private isFresh(tally: Tally): boolean {
    return tally.knownAt !== undefined && this.now() - tally.knownAt <= FRESH_FOR_FLUSHES * this.options.flushIntervalMs;
  }

  private windowEnded(tally: Tally): boolean {
    return tally.windowStart + this.options.windowMs <= this.now();
  }

  /** Adds what is pending (plus `extra` requests being answered now) after the tally's earlier writes; returns the new shared total. */
  private write(tally: Tally, extra: number): Promise<number> {
    tally.queued += 1;
    const result = tally.queue.then(() => this.send(tally, extra)).finally(() => (tally.queued -= 1));
    tally.queue = result.catch(() => undefined);
    return result;
  }

  private async send(tally: Tally, extra: number): Promise<number> {
    const increment = tally.pending + extra;
    if (increment === 0) return tally.known;
    tally.pending = 0;
    tally.writing = increment;
    try {
      tally.known = await this.shared.add(tally.clientId, new Date(tally.windowStart), increment);
      tally.knownAt = this.now();
      return tally.known;
    } catch (error) {
      // Counts made earlier stay for the next flush; the request being answered now fails with the error.
      tally.pending += increment - extra;
      throw error;
    } finally {
      tally.writing = 0;
    }
  }
}
