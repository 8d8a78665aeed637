import { ExpiringMap, type ExpiringMapOptions } from './expiring-map';

export type ExpiringSetOptions = ExpiringMapOptions;

/** A bounded set whose members expire (see ExpiringMap): membership only, no values. */
export class ExpiringSet {
  private readonly members: ExpiringMap<true>;

  constructor(options: ExpiringSetOptions) {
    this.members = new ExpiringMap(options);
  }

  get size(): number {
    return this.members.size;
  }

  has(value: string): boolean {
    return this.members.get(value) === true;
  }

  add(value: string): void {
    this.members.set(value, true);
  }

  delete(value: string): void {
    this.members.delete(value);
  }
}
