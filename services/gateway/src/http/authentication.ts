import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '@atalaia/http';
import type { Logger } from '@atalaia/telemetry';
import type { ApiClientRecord, ApiClientStore } from '../db/api-client-store';
import { agencyScopes, hasScope, isApiScope, type ApiClient, type ApiScope } from '../domain/api-client';
import { apiKeyMatches, apiKeyPrefix } from '../domain/api-key';
import { ExpiringMap } from '../domain/expiring-map';
import { ExpiringSet } from '../domain/expiring-set';
import type { AuthenticationGuard } from './authentication-guard';

export interface ApiClientResolver {
  resolve(presentedKey: string): Promise<ApiClient | null>;
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
    const prefix = apiKeyPrefix(presentedKey);
    if (!prefix || this.unknownPrefixes.has(prefix)) return null;
    const record = this.found.get(prefix) ?? (await this.lookUp(prefix));
    if (!record) return null;
    if (!apiKeyMatches(presentedKey, record.keyHash)) return null;
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

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The single development key from configuration (as in the seeds), with every scope within its agency. */
export class DevelopmentKeyResolver implements ApiClientResolver {
  private readonly expected: Buffer;
  private readonly client: ApiClient;

  constructor(apiKey: string, agencyId: string) {
    this.expected = digest(apiKey);
    this.client = { id: 'dev-client', agencyId, scopes: agencyScopes, rateLimitPerMinute: null };
  }

  async resolve(presentedKey: string): Promise<ApiClient | null> {
    return timingSafeEqual(digest(presentedKey), this.expected) ? this.client : null;
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
}

declare module 'fastify' {
  interface FastifyRequest {
    apiClient: ApiClient;
  }
}

/** The presented key: `X-API-Key` (seed-compatible) or `Authorization: Bearer <key>`. */
function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (Array.isArray(header)) throw new ProblemError(400, 'DUPLICATED_HEADER', 'The X-API-Key header must be sent once');
  if (typeof header === 'string' && header.length > 0) return header;
  const authorization = request.headers.authorization;
  const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return match?.[1];
}

/** Authenticates every request; `guard` refuses addresses that keep failing before their keys are looked up. */
export function authenticationHook(resolver: ApiClientResolver, guard: AuthenticationGuard) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const key = presentedKey(request);
    if (!key) {
      throw new ProblemError(401, 'AUTHENTICATION_REQUIRED', 'An API key is required', 'send X-API-Key or Authorization: Bearer');
    }
    const attempt = guard.admit(request.ip, key, reply);
    const client = await resolver.resolve(key).catch((error: unknown) => {
      attempt.abandoned();
      throw error;
    });
    if (!client) {
      attempt.failed();
      throw new ProblemError(401, 'INVALID_API_KEY', 'The API key is not valid', 'the key is unknown or revoked');
    }
    attempt.succeeded();
    request.apiClient = client;
    request.log = request.log.child({ clientId: client.id, agencyId: client.agencyId });
  };
}

/** Refuses a caller whose client lacks `scope`. */
export function requireScope(scope: ApiScope) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!hasScope(request.apiClient, scope)) {
      throw new ProblemError(403, 'INSUFFICIENT_SCOPE', 'The API key lacks a scope this route needs', `requires scope ${scope}`);
    }
  };
}
