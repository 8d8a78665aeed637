import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '@atalaia/telemetry';
import type { ApiClientRecord, ApiClientStore } from '../db/api-client-store';
import { agencyScopes, apiScopes, isApiScope, type ApiClient } from '../domain/api-client';
import { apiKeyMatches, apiKeyPrefix } from '../domain/api-key';
import type { KeyIdentity } from '../domain/console-session';
import { ExpiringMap } from '../domain/expiring-map';
import { ExpiringSet } from '../domain/expiring-set';

/** Finds the client of a presented key, or of the key a console session was signed in with. */
export interface ApiClientResolver {
  resolve(presentedKey: string): Promise<ApiClient | null>;
  /** The client whose current key is `identity`'s; null once that key was rotated or revoked. */
  resolveIdentity(identity: KeyIdentity): Promise<ApiClient | null>;
}

export type ApiClientLookup = Pick<ApiClientStore, 'findByPrefix' | 'touch'>;

/** Prefixes that found no usable client: remembered for a minute so repeating one costs no query. */
export const unknownPrefixCache = () => new ExpiringSet({ capacity: 10_000, ttlMs: 60_000 });

/** How long a client found by its prefix is reused without a query: the bound on how late a revocation or rotation takes effect. */
export const CLIENT_CACHE_TTL_MS = 2_000;
const TOUCH_INTERVAL_MS = 60_000;

export interface StoredClientResolverOptions {
  unknownPrefixes?: ExpiringSet;
  clientCacheTtlMs?: number;
  now?: () => number;
}

const hashesEqual = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

/**
 * Per-agency clients from the database: found by key prefix, checked by hash,
 * refused once revoked. A client found is reused for `CLIENT_CACHE_TTL_MS`
 * (its hash still checked on every request), so revocation and rotation apply
 * within that bound on every instance. A prefix no client has, or a revoked
 * client's, which never comes back, is remembered for a minute.
 */
export class StoredClientResolver implements ApiClientResolver {
  private readonly unknownPrefixes: ExpiringSet;
  private readonly found: ExpiringMap<ApiClientRecord>;
  /** Clients whose use this instance recorded in the last minute: the store keeps one write a minute per client. */
  private readonly touched: ExpiringSet;

  constructor(
    private readonly store: ApiClientLookup,
    private readonly logger: Logger,
    options: StoredClientResolverOptions = {},
  ) {
    this.unknownPrefixes = options.unknownPrefixes ?? unknownPrefixCache();
    this.found = new ExpiringMap({ capacity: 10_000, ttlMs: options.clientCacheTtlMs ?? CLIENT_CACHE_TTL_MS, now: options.now });
    this.touched = new ExpiringSet({ capacity: 10_000, ttlMs: TOUCH_INTERVAL_MS, now: options.now });
  }

  async resolve(presentedKey: string): Promise<ApiClient | null> {
    const record = await this.recordOf(apiKeyPrefix(presentedKey));
    return record && apiKeyMatches(presentedKey, record.keyHash) ? this.clientOf(record) : null;
  }

  async resolveIdentity(identity: KeyIdentity): Promise<ApiClient | null> {
    const record = await this.recordOf(identity.keyPrefix);
    return record && hashesEqual(identity.keyHash, record.keyHash) ? this.clientOf(record) : null;
  }

  private async recordOf(prefix: string | null): Promise<ApiClientRecord | null> {
    if (!prefix || this.unknownPrefixes.has(prefix)) return null;
    return this.found.get(prefix) ?? (await this.lookUp(prefix));
  }

  private clientOf(record: ApiClientRecord): ApiClient {
    this.recordUse(record.id);
    return {
      id: record.id,
      agencyId: record.agencyId,
      scopes: record.scopes.filter(isApiScope),
      rateLimitPerMinute: record.rateLimitPerMinute,
    };
  }

  private async lookUp(prefix: string): Promise<ApiClientRecord | null> {
    const record = await this.store.findByPrefix(prefix);
    if (!record || record.revokedAt) {
      this.unknownPrefixes.add(prefix);
      return null;
    }
    this.found.set(prefix, record);
    return record;
  }

  private recordUse(clientId: string): void {
    if (this.touched.has(clientId)) return;
    this.touched.add(clientId);
    this.store.touch(clientId).catch((error) => this.logger.warn({ err: error }, 'could not record API client use'));
  }
}

const digestHex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** The seeds' development key: every scope within its agency, never the installation-wide ones. */
export const developmentClient = (agencyId: string): ApiClient => ({ id: 'dev-client', agencyId, scopes: agencyScopes, rateLimitPerMinute: null });
/** The local stack's development operator (`OPERATOR_API_KEY`): every scope, `agencies:all` and `operations` included. */
export const developmentOperator = (agencyId: string): ApiClient => ({ id: 'dev-operator', agencyId, scopes: apiScopes, rateLimitPerMinute: null });

/** A development key from configuration (as in the seeds), standing for a fixed client. */
export class DevelopmentKeyResolver implements ApiClientResolver {
  private readonly expected: string;

  constructor(
    apiKey: string,
    private readonly client: ApiClient,
  ) {
    this.expected = digestHex(apiKey);
  }

  async resolve(presentedKey: string): Promise<ApiClient | null> {
    return hashesEqual(digestHex(presentedKey), this.expected) ? this.client : null;
  }

  async resolveIdentity(identity: KeyIdentity): Promise<ApiClient | null> {
    return hashesEqual(identity.keyHash, this.expected) ? this.client : null;
  }
}

/** Asks each resolver in turn. */
export class ResolverChain implements ApiClientResolver {
  constructor(private readonly resolvers: ApiClientResolver[]) {}

  async resolve(presentedKey: string): Promise<ApiClient | null> {
    for (const resolver of this.resolvers) {
      const client = await resolver.resolve(presentedKey);
      if (client) return client;
    }
    return null;
  }

  async resolveIdentity(identity: KeyIdentity): Promise<ApiClient | null> {
    for (const resolver of this.resolvers) {
      const client = await resolver.resolveIdentity(identity);
      if (client) return client;
    }
    return null;
  }
}
