import type { ConsoleSessionRecord, ConsoleSessionStore } from '../db/console-session-store';
import { isRole } from '@atalaia/contracts';
import type { UserRecord, UserStore } from '../db/user-store';
import { personClient, personClientId, type ApiClient } from '../domain/api-client';
import { hashSessionToken, issueSessionToken, isWellFormedSessionToken, type KeyIdentity } from '../domain/console-session';
import { ExpiringMap } from '../domain/expiring-map';
import { CLIENT_CACHE_TTL_MS, type ApiClientResolver } from './api-client-resolvers';

export type SessionStoreAccess = Pick<ConsoleSessionStore, 'create' | 'find' | 'delete'>;
export type SessionUserAccess = Pick<UserStore, 'findById'>;

export interface ConsoleSessionsOptions {
  ttlSeconds: number;
  /** How long a session row is reused without a query; like API keys, the bound on how late a sign-out elsewhere applies. */
  cacheTtlMs?: number;
  now?: () => number;
  /** The accounts a person's session stands for; without it, only key sessions exist. */
  users?: SessionUserAccess;
}

/** The caller a person's account makes, or null when it may not act now (disabled, or gone). */
export function clientOfUser(user: UserRecord): ApiClient | null {
  if (user.status !== 'active') return null;
  return personClient({ userId: user.id, displayName: user.displayName, roles: user.roles.filter(isRole), secondFactor: user.totpEnabledAt !== null }, user.agencyId);
}

export type SessionLookup =
  | { kind: 'active'; client: ApiClient; expiresAt: Date; tokenHash: string }
  /** Unknown, expired, signed out, or its API key was revoked or rotated: the console must sign in again. */
  | { kind: 'ended' };

/**
 * Console sign-ins: a random token in a cookie stands for the API key it was
 * signed in with, for an absolute lifetime. Every use checks the key is still
 * its client's (through the resolver, so a revocation or rotation applies
 * within the client cache bound) and takes that client's scopes and agency.
 */
export class ConsoleSessions {
  private readonly cache: ExpiringMap<ConsoleSessionRecord | null>;
  private readonly now: () => number;

  constructor(
    private readonly store: SessionStoreAccess,
    private readonly resolver: ApiClientResolver,
    private readonly options: ConsoleSessionsOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.cache = new ExpiringMap({ capacity: 10_000, ttlMs: options.cacheTtlMs ?? CLIENT_CACHE_TTL_MS, now: this.now });
  }

  async signIn(client: ApiClient, identity: KeyIdentity): Promise<{ token: string; expiresAt: Date }> {
    const { token, tokenHash } = issueSessionToken();
    const expiresAt = new Date(this.now() + this.options.ttlSeconds * 1000);
    const record = await this.store.create({
      tokenHash,
      clientId: client.id,
      agencyId: client.agencyId,
      scopes: [...client.scopes],
      keyPrefix: identity.keyPrefix,
      keyHash: identity.keyHash,
      userId: null,
      expiresAt,
    });
    this.cache.set(tokenHash, record);
    return { token, expiresAt };
  }

  /** A person's session: never cached, so that a disable or a role change applies to the very next request. */
  async signInPerson(user: UserRecord): Promise<{ token: string; expiresAt: Date }> {
    const { token, tokenHash } = issueSessionToken();
    const expiresAt = new Date(this.now() + this.options.ttlSeconds * 1000);
    await this.store.create({ tokenHash, clientId: personClientId(user.id), agencyId: user.agencyId, scopes: [], keyPrefix: null, keyHash: null, userId: user.id, expiresAt });
    return { token, expiresAt };
  }

  async authenticate(token: string): Promise<SessionLookup> {
    if (!isWellFormedSessionToken(token)) return { kind: 'ended' };
    const tokenHash = hashSessionToken(token);
    const record = await this.recordOf(tokenHash);
    if (!record || record.expiresAt.getTime() <= this.now()) return { kind: 'ended' };
    if (record.userId) {
      const user = await this.options.users?.findById(record.userId);
      const client = user ? clientOfUser(user) : null;
      return client ? { kind: 'active', client, expiresAt: record.expiresAt, tokenHash } : { kind: 'ended' };
    }
    if (!record.keyHash) return { kind: 'ended' };
    const client = await this.resolver.resolveIdentity({ keyPrefix: record.keyPrefix, keyHash: record.keyHash });
    if (!client || client.id !== record.clientId) return { kind: 'ended' };
    return { kind: 'active', client, expiresAt: record.expiresAt, tokenHash };
  }

  /** Ends the session whatever state it is in; an unknown token changes nothing. */
  async signOut(token: string): Promise<void> {
    if (!isWellFormedSessionToken(token)) return;
    const tokenHash = hashSessionToken(token);
    this.cache.set(tokenHash, null);
    await this.store.delete(tokenHash);
  }

  private async recordOf(tokenHash: string): Promise<ConsoleSessionRecord | null> {
    const cached = this.cache.get(tokenHash);
    if (cached !== undefined) return cached;
    const record = await this.store.find(tokenHash);
    // A person's session row is read every time: deleting it (a role change, a disable) ends it at once.
    if (!record?.userId) this.cache.set(tokenHash, record);
    return record;
  }
}
