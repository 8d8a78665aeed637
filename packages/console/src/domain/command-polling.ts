/**
 * When to ask `GET /api/commands/{id}` again while the live stream has not
 * settled a command: soon at first (most commands settle within a second),
 * then backing off so a slow pipeline is not hammered, capped.
 */
export function pollDelayMs(attempt: number, { firstMs = 1000, maxMs = 15000 } = {}): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt));
}

/** Give up after this many polls (about ten minutes at the cap); the command list still shows it. */
export const maxPollAttempts = 45;

/** How long each of those reads asks the gateway to hold its answer until the command settles (`?wait=`). */
export const COMMAND_WAIT_SECONDS = 10;
