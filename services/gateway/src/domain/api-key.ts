import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `atk_1a2b3c4d_<43 url-safe characters>`: a visible prefix
 * that finds the client (and is safe to show and log) and 256 random bits.
 * Keys are random, so a plain sha-256 is as strong as a slow hash here.
 */
const KEY_PATTERN = /^(atk_[0-9a-f]{8})_[A-Za-z0-9_-]{43}$/;

export interface IssuedKey {
  key: string;
  prefix: string;
  hash: string;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function issueApiKey(): IssuedKey {
  const prefix = `atk_${randomBytes(4).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The prefix of a well-formed key, or null for anything else. */
export function apiKeyPrefix(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

export function apiKeyMatches(key: string, storedHash: string): boolean {
  return timingSafeEqual(Buffer.from(hashApiKey(key), 'hex'), Buffer.from(storedHash, 'hex'));
}
