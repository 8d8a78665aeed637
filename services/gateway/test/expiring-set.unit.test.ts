import { ExpiringSet } from '../src/domain/expiring-set';

describe('expiring set', () => {
  it('when a member is older than its time to live, then it is no longer there', () => {
    let clock = 0;
    const set = new ExpiringSet({ capacity: 10, ttlMs: 60_000, now: () => clock });
    set.add('atk_00000001');

    clock = 59_999;
    expect(set.has('atk_00000001')).toBe(true);
    clock = 60_000;
    expect(set.has('atk_00000001')).toBe(false);
  });

  it('when a flood of distinct values arrives, then it never holds more than its capacity', () => {
    const set = new ExpiringSet({ capacity: 3, ttlMs: 60_000 });

    for (let index = 0; index < 10_000; index += 1) set.add(`flood-${index}`);

    expect(set.size).toBe(3);
    expect(set.has('flood-9999')).toBe(true);
  });

  it('when it is full, then adding drops the least recently used member', () => {
    const set = new ExpiringSet({ capacity: 3, ttlMs: 60_000 });
    ['a', 'b', 'c'].forEach((value) => set.add(value));
    set.has('a');

    set.add('d');

    expect(['a', 'b', 'c', 'd'].filter((value) => set.has(value))).toEqual(['a', 'c', 'd']);
  });

  it('when a member is deleted or added again, then it is gone or its time to live starts over', () => {
    let clock = 0;
    const set = new ExpiringSet({ capacity: 10, ttlMs: 1_000, now: () => clock });
    set.add('x');
    set.add('y');
    set.delete('x');
    clock = 900;
    set.add('y');
    clock = 1_500;

    expect(set.has('x')).toBe(false);
    expect(set.has('y')).toBe(true);
  });
});
