export type HealthCheck = () => Promise<boolean>;

export interface CachedCheckOptions {
  /** How long an answer is reused, counted from when the check finished. */
  ttlMs: number;
  now?: () => number;
}

/**
 * Wraps a dependency check so that probes cannot load the dependency: an
 * answer (up or down) is reused for `ttlMs`, and probes arriving while a check
 * runs wait for that one instead of starting their own. A check that throws
 * counts as down.
 */
export function cachedCheck(check: HealthCheck, options: CachedCheckOptions): HealthCheck {
  const now = options.now ?? Date.now;
  let last: { up: boolean; at: number } | undefined;
  let inFlight: Promise<boolean> | undefined;
  return () => {
    if (last && now() - last.at < options.ttlMs) return Promise.resolve(last.up);
    inFlight ??= Promise.resolve()
      .then(check)
      .catch(() => false)
      .then((up) => {
        last = { up, at: now() };
        inFlight = undefined;
        return up;
      });
    return inFlight;
  };
}
