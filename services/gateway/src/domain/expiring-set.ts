export interface ExpiringSetOptions {
  /** At most this many members; adding one more drops the least recently used. */
  capacity: number;
  ttlMs: number;
  now?: () => number;
}

/**
 * A bounded set whose members expire: memory stays fixed however many
 * distinct values a caller sends. A Map keeps insertion order, so moving a
 * member to the end on use makes the first entry the least recently used.
 */
export class ExpiringSet {
  private readonly expiries = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: ExpiringSetOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.expiries.size;
  }

  has(value: string): boolean {
    const expiresAt = this.expiries.get(value);
    if (expiresAt === undefined) return false;
    this.expiries.delete(value);
    if (expiresAt <= this.now()) return false;
    this.expiries.set(value, expiresAt);
    return true;
  }

  add(value: string): void {
    this.expiries.delete(value);
    this.expiries.set(value, this.now() + this.options.ttlMs);
    while (this.expiries.size > this.options.capacity) {
      this.expiries.delete(this.expiries.keys().next().value!);
    }
  }

  delete(value: string): void {
    this.expiries.delete(value);
  }
}
