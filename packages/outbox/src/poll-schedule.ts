export interface PollScheduleOptions {
  /** The wait between polls while the outbox was busy a moment ago, and the first wait once it is empty. */
  minPollIntervalMs: number;
  /** The longest wait between polls of an outbox that stays empty. */
  pollIntervalMs: number;
  /** For this long after a poll that found rows, empty polls keep the shortest wait: a steady writer's next row is likely. */
  busyWindowMs: number;
}

/**
 * How long the relay waits after an empty poll. Within `busyWindowMs` of the
 * last poll that found rows it polls every `minPollIntervalMs`: a doubling
 * backoff there would make a writer sending every 20 ms wait about a quarter
 * of its gap for each row. After the window, the wait doubles up to
 * `pollIntervalMs`, so an idle outbox costs a few polls a second.
 */
export function idleWaitMs(options: PollScheduleOptions, sinceRowsMs: number, previousWaitMs: number): number {
  const { minPollIntervalMs, pollIntervalMs, busyWindowMs } = options;
  if (sinceRowsMs < busyWindowMs || previousWaitMs === 0) return Math.min(minPollIntervalMs, pollIntervalMs);
  return Math.min(previousWaitMs * 2, pollIntervalMs);
}
