import { createHash, randomBytes } from 'node:crypto';
import { accessOf, permissionsOf, type ApiClient, type Person } from './api-client';
import { apiKeyPrefix, hashApiKey } from './api-key';

/**
 * Which API key a session was signed in with, without keeping the key: the
 * prefix finds a stored client again (null for a development key from
 * configuration) and the hash must still be that client's, so rotating or
 * revoking the key ends every session it opened.
 */
export interface KeyIdentity {
  keyPrefix: string | null;
  keyHash: string;
}

export function keyIdentityOf(presentedKey: string): KeyIdentity {
  return { keyPrefix: apiKeyPrefix(presentedKey), keyHash: hashApiKey(presentedKey) };
}

/** A session token: 256 random bits, sent only in the cookie; its sha-256 is what is stored. */
export function issueSessionToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashSessionToken(token) };
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Only what the cookie can carry: anything else is refused before a lookup. */
export function isWellFormedSessionToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

const personView = ({ userId, displayName, roles, secondFactor }: Person) => ({ userId, displayName, roles: [...roles], secondFactor });

/** What `GET /api/session` tells the console. */
export function sessionView(client: ApiClient, expiresAt: Date, jaegerUrl: string | null) {
  return {
    client: {
      id: client.id,
      agencyId: client.agencyId,
      scopes: [...client.scopes],
      crossAgency: accessOf(client).crossAgency,
      permissions: permissionsOf(client),
      ...(client.person ? { person: personView(client.person) } : {}),
    },
    expiresAt: expiresAt.toISOString(),
    jaegerUrl,
  };
}
