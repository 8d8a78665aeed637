import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { ProblemError } from '@atalaia/http';
import { AddressAttemptLimit } from '../domain/address-attempt-limit';
import { ExpiringSet } from '../domain/expiring-set';

export interface AuthenticationGuardOptions {
  /** Failed authentications one remote address may make per minute before it is refused without a lookup. */
  failuresPerMinute: number;
  maxAddresses?: number;
  now?: () => number;
}

export interface AuthenticationAttempt {
  succeeded(): void;
  failed(): void;
  /** The lookup itself broke (e.g. the database is down): not the caller's failure. */
  abandoned(): void;
}

const WINDOW_MS = 60_000;
const digest = (key: string) => createHash('sha256').update(key).digest('base64url');

/**
 * Keeps a flood of wrong keys off the client lookup: each remote address may
 * fail a limited number of times per minute, and past that its attempts are
 * refused before any lookup. Keys that authenticated recently still pass, so
 * a valid client sharing an address (a proxy, a NAT) with a flooder is not
 * shut out; they still go through the resolver, so revocation applies
 * within its client cache bound.
 */
export class AuthenticationGuard {
  private readonly attempts: AddressAttemptLimit;
  private readonly verifiedKeys: ExpiringSet;

  constructor(private readonly options: AuthenticationGuardOptions) {
    const maxAddresses = options.maxAddresses ?? 10_000;
    this.attempts = new AddressAttemptLimit({ limit: options.failuresPerMinute, windowMs: WINDOW_MS, maxAddresses, now: options.now });
    this.verifiedKeys = new ExpiringSet({ capacity: 10_000, ttlMs: 10 * WINDOW_MS, now: options.now });
  }

  /** Admits an attempt to authenticate `key` from `address`, or throws 429 with Retry-After. */
  admit(address: string, key: string, reply: FastifyReply): AuthenticationAttempt {
    const keyDigest = digest(key);
    const verified = this.verifiedKeys.has(keyDigest);
    const claim = verified ? undefined : this.attempts.claim(address);
    if (claim && !claim.allowed) {
      const retryAfter = Math.max(1, Math.ceil(claim.retryAfterMs / 1000));
      reply.header('retry-after', retryAfter);
      throw new ProblemError(429, 'RATE_LIMITED', 'Too many failed authentications', `at most ${this.options.failuresPerMinute} failed authentications per minute from one address`);
    }
    return {
      succeeded: () => {
        claim?.release();
        this.verifiedKeys.add(keyDigest);
      },
      failed: () => this.verifiedKeys.delete(keyDigest),
      abandoned: () => claim?.release(),
    };
  }
}
