import { AddressAttemptLimit } from '../src/domain/address-attempt-limit';

function limitAt(clock: { now: number }, limit = 3, maxAddresses = 100) {
  return new AddressAttemptLimit({ limit, windowMs: 60_000, maxAddresses, now: () => clock.now });
}

describe('address attempt limit', () => {
  it('when an address has used its attempts in a window, then the next is refused until the window ends', () => {
    const clock = { now: 10_000 };
    const limit = limitAt(clock);

    const claims = [1, 2, 3].map(() => limit.claim('10.0.0.1'));
    const refused = limit.claim('10.0.0.1');

    expect(claims.every((claim) => claim.allowed)).toBe(true);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 50_000 });
    clock.now = 60_000;
    expect(limit.claim('10.0.0.1').allowed).toBe(true);
  });

  it('when attempts are released because they succeeded, then they do not use up the window', () => {
    const limit = limitAt({ now: 0 });

    for (let attempt = 0; attempt < 100; attempt += 1) {
      const claim = limit.claim('10.0.0.1');
      expect(claim.allowed).toBe(true);
      if (claim.allowed) claim.release();
    }
  });

  it('when a claim is released twice, then it gives back only one attempt', () => {
    const limit = limitAt({ now: 0 }, 2);
    const first = limit.claim('10.0.0.1');
    limit.claim('10.0.0.1');

    if (first.allowed) {
      first.release();
      first.release();
    }

    expect(limit.claim('10.0.0.1').allowed).toBe(true);
    expect(limit.claim('10.0.0.1').allowed).toBe(false);
  });

  it('when one address is refused, then other addresses keep their own attempts', () => {
    const limit = limitAt({ now: 0 }, 1);
    limit.claim('10.0.0.1');

    expect(limit.claim('10.0.0.1').allowed).toBe(false);
    expect(limit.claim('10.0.0.2').allowed).toBe(true);
  });

  it('when more addresses arrive than it remembers, then memory stays bounded and the longest idle is forgotten', () => {
    const limit = limitAt({ now: 0 }, 1, 2);
    limit.claim('a');
    limit.claim('b');
    limit.claim('a');
    limit.claim('c');

    expect(limit.claim('a').allowed).toBe(false);
    expect(limit.claim('b').allowed).toBe(true);
  });
});
