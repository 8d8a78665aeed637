export interface AddressAttemptLimitOptions {
  /** Unverified attempts one address may make per window. */
  limit: number;
  windowMs: number;
  /** Addresses remembered at once; a new one past this forgets the longest idle. */
  maxAddresses: number;
  now?: () => number;
}

export type AttemptClaim = { allowed: true; release(): void } | { allowed: false; retryAfterMs: number };

interface Window {
  start: number;
  claimed: number;
}

/**
 * A fixed-window limit on attempts per remote address, claimed before the
 * attempt runs so that concurrent attempts cannot overshoot it. An attempt
 * that turns out well releases its claim; one that fails keeps it, so only
 * failures (and attempts still running) use up an address's window.
 */
export class AddressAttemptLimit {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;

  constructor(private readonly options: AddressAttemptLimitOptions) {
    this.now = options.now ?? Date.now;
  }

  claim(address: string): AttemptClaim {
    const now = this.now();
    const start = Math.floor(now / this.options.windowMs) * this.options.windowMs;
    const window = this.currentWindow(address, start);
    if (window.claimed >= this.options.limit) return { allowed: false, retryAfterMs: start + this.options.windowMs - now };
    window.claimed += 1;
    let released = false;
    return {
      allowed: true,
      release: () => {
        if (released) return;
        released = true;
        window.claimed -= 1;
      },
    };
  }

  private currentWindow(address: string, start: number): Window {
    let window = this.windows.get(address);
    this.windows.delete(address);
    if (!window || window.start !== start) window = { start, claimed: 0 };
    this.windows.set(address, window);
    if (this.windows.size > this.options.maxAddresses) this.windows.delete(this.windows.keys().next().value!);
    return window;
  }
}
