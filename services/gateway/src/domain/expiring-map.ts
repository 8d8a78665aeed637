export interface ExpiringMapOptions {
  /** At most this many entries; adding one more drops the least recently used. */
  capacity: number;
  ttlMs: number;
  now?: () => number;
}

/**
 * A bounded map whose entries expire: memory stays fixed however many
 * distinct keys a caller sends. A Map keeps insertion order, so moving an
 * entry to the end on use makes the first entry the least recently used.
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly now: () => number;

  constructor(private readonly options: ExpiringMapOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
