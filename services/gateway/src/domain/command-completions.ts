/**
 * Requests of this instance waiting for commands to settle
 * (`GET /api/commands/{id}?wait=`). The live feed, which reads every command
 * result on every instance, tells it when one arrives; the waiter then reads
 * the command again. A wait also ends at its timeout, so a notification that
 * never comes costs a re-read, not a stuck request.
 */
export class CommandCompletions {
  private readonly waiters = new Map<string, Set<(seen: boolean) => void>>();
  private closed = false;

  /** True while any request waits: only then does the feed decode command results for it. */
  get waiting(): boolean {
    return this.waiters.size > 0;
  }

  /** Resolves true when `commandId`'s result is seen, false after `timeoutMs` or when the instance closes. */
  wait(commandId: string, timeoutMs: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiters = this.waiters.get(commandId) ?? new Set();
      this.waiters.set(commandId, waiters);
      const done = (seen: boolean) => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0 && this.waiters.get(commandId) === waiters) this.waiters.delete(commandId);
        resolve(seen);
      };
      const timer = setTimeout(() => done(false), timeoutMs);
      waiters.add(done);
    });
  }

  notify(commandId: string): void {
    for (const done of [...(this.waiters.get(commandId) ?? [])]) done(true);
  }

  /** Releases every waiter (shutdown): each answers with the command as it stands. */
  close(): void {
    this.closed = true;
    for (const waiters of [...this.waiters.values()]) for (const done of [...waiters]) done(false);
  }
}
