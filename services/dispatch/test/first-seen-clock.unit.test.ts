import { FirstSeenClock, graceExpired } from '../src/domain/first-seen-clock';

describe('first-seen clock', () => {
  it('when less than the grace has passed since first seen, then the grace has not expired; at the grace, it has', () => {
    expect(graceExpired(1_000, 30_999, 30_000)).toBe(false);
    expect(graceExpired(1_000, 31_000, 30_000)).toBe(true);
    expect(graceExpired(1_000, 1_000, 0)).toBe(true);
  });

  it('when a message is seen again, then its first-seen time stays the first one', () => {
    let now = 1_000;
    const clock = new FirstSeenClock(10, () => now);

    expect(clock.firstSeen('m1')).toBe(1_000);
    now = 5_000;

    expect(clock.firstSeen('m1')).toBe(1_000);
  });

  it('when a message is forgotten, then seeing it again starts its grace anew', () => {
    let now = 1_000;
    const clock = new FirstSeenClock(10, () => now);
    clock.firstSeen('m1');
    now = 5_000;

    clock.forget('m1');

    expect(clock.firstSeen('m1')).toBe(5_000);
  });

  it('when the clock is full, then the oldest entry makes room and the size stays at the cap', () => {
    let now = 0;
    const clock = new FirstSeenClock(3, () => now);
    for (const id of ['a', 'b', 'c', 'd']) clock.firstSeen(id);
    now = 7;

    expect(clock.size).toBe(3);
    expect(clock.firstSeen('d')).toBe(0);
    expect(clock.firstSeen('a')).toBe(7);
  });
});
