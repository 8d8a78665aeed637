import { createHash, randomBytes } from 'node:crypto';

/** Why a link was issued: to set the first password of an invited account, or to replace a forgotten one. */
export type AccountLinkPurpose = 'invite' | 'reset';

/**
 * How long a link works. An invitation waits for someone to start a shift
 * (GitHub's organisation invitations last seven days); a reset is for now
 * (Keycloak's admin-issued actions default to twelve hours).
 */
export const accountLinkLifetimeSeconds: Readonly<Record<AccountLinkPurpose, number>> = {
  invite: 7 * 24 * 3600,
  reset: 12 * 3600,
};

/** The console page where a link's token is used: the administrator hands over this path on the gateway's address. */
export function accountLinkPath(token: string): string {
  return `/console/account/${token}`;
}

/** A new link's token (32 random bytes, base64url: what the person receives) and its sha-256 (what is stored). */
export function issueAccountLinkToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashAccountLinkToken(token) };
}

export function hashAccountLinkToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Only what `issueAccountLinkToken` makes: anything else is refused before a lookup. */
export function isWellFormedAccountLinkToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
