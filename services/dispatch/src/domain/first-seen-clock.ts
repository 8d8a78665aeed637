/** Whether a message first seen at `firstSeenAt` has waited its whole grace by `now`. */
export function graceExpired(firstSeenAt: number, now: number, graceMs: number): boolean {
  return now - firstSeenAt >= graceMs;
}

/**
 * When this process first tried each message still waiting for something (a
 * dispatch for an occurrence the view has not seen yet). Grace counts from
 * here rather than from the command's acceptance time, so a backlog (Kafka
 * down for minutes) does not use up the grace before the service sees the
 * command at all.
 *
 * Kept in memory only: after a restart a waiting message simply starts its
 * grace again, which delays its failure but never loses it. Bounded, oldest
 * first out, so messages that are never forgotten cannot grow it without end.
 */
export class FirstSeenClock {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly capacity = 10_000,
    readonly now: () => number = Date.now,
  ) {}

  /** The time the message was first seen, recording now if it is new. */
  firstSeen(messageId: string): number {
    const known = this.seen.get(messageId);
    if (known !== undefined) return known;
    if (this.seen.size >= this.capacity) this.seen.delete(this.seen.keys().next().value!);
    const now = this.now();
    this.seen.set(messageId, now);
    return now;
  }

  /** Drops a message that no longer waits (handled, or failed for good). */
  forget(messageId: string): void {
    this.seen.delete(messageId);
  }

  get size(): number {
    return this.seen.size;
  }
}
