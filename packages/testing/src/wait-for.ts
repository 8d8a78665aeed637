import { setTimeout as delay } from 'node:timers/promises';

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  description?: string;
}

/**
 * Polls `probe` until it returns something other than undefined/false and
 * returns that; fails with the description and the last value after the timeout.
 * Tests wait for conditions, never for fixed durations.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | false>, options: WaitForOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${options.description ?? 'condition'}; last: ${String(last)}`);
    }
    await delay(options.intervalMs ?? 50);
  }
}
