import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Permission } from '@atalaia/contracts';
import { ProblemError } from '@atalaia/http';
import { hasPermission, scopesGranting, type ApiClient } from '../domain/api-client';
import type { ApiClientResolver } from './api-client-resolvers';
import type { AuthenticationGuard } from './authentication-guard';
import type { ConsoleSessions } from './console-sessions';
import { clearSessionCookie, refuseCrossOriginChange, sessionTokenOf } from './session-cookie';

export { CLIENT_CACHE_TTL_MS } from './api-client-resolvers';

declare module 'fastify' {
  interface FastifyRequest {
    apiClient: ApiClient;
    /** Set when the request authenticated with the console's session cookie rather than a key. */
    consoleSession?: { tokenHash: string; expiresAt: Date };
  }
}

/** The presented key: `X-API-Key` (seed-compatible) or `Authorization: Bearer <key>`. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (Array.isArray(header)) throw new ProblemError(400, 'DUPLICATED_HEADER', 'The X-API-Key header must be sent once');
  if (typeof header === 'string' && header.length > 0) return header;
  const authorization = request.headers.authorization;
  const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return match?.[1];
}

export const invalidApiKey = () => new ProblemError(401, 'INVALID_API_KEY', 'The API key is not valid', 'the key is unknown or revoked');

export interface SessionAuthentication {
  sessions: ConsoleSessions;
  cookieSecure: boolean;
}

/**
 * Authenticates every request: by API key, or — when no key is sent and
 * `session` is given — by the console's session cookie. `guard` refuses
 * addresses that keep failing before their keys or tokens are looked up.
 */
export function authenticationHook(resolver: ApiClientResolver, guard: AuthenticationGuard, session?: SessionAuthentication) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const key = presentedKey(request);
    const token = key || !session ? undefined : sessionTokenOf(request);
    if (!key && !token) {
      throw new ProblemError(401, 'AUTHENTICATION_REQUIRED', 'An API key is required', 'send X-API-Key or Authorization: Bearer');
    }
    const attempt = guard.admit(request.ip, key ?? token!, reply);
    const authenticated = await (key ? byKey(resolver, key) : bySession(session!.sessions, token!)).catch((error: unknown) => {
      attempt.abandoned();
      throw error;
    });
    if (!authenticated) {
      attempt.failed();
      if (key) throw invalidApiKey();
      clearSessionCookie(reply, session!.cookieSecure);
      throw sessionEnded();
    }
    attempt.succeeded();
    const { client, consoleSession } = authenticated;
    if (consoleSession) {
      refuseCrossOriginChange(request);
      request.consoleSession = consoleSession;
    }
    request.apiClient = client;
    request.log = request.log.child({ clientId: client.id, agencyId: client.agencyId });
  };
}

type Authenticated = { client: ApiClient; consoleSession?: FastifyRequest['consoleSession'] } | null;

async function byKey(resolver: ApiClientResolver, key: string): Promise<Authenticated> {
  const client = await resolver.resolve(key);
  return client && { client };
}

async function bySession(sessions: ConsoleSessions, token: string): Promise<Authenticated> {
  const found = await sessions.authenticate(token);
  return found.kind === 'active' ? { client: found.client, consoleSession: { tokenHash: found.tokenHash, expiresAt: found.expiresAt } } : null;
}

export const sessionEnded = () => new ProblemError(401, 'SESSION_EXPIRED', 'The console session has ended', 'it expired, was signed out, or its API key was revoked or rotated: sign in again');

/** What a route needs: a permission of the table, or only an authenticated caller (its own commands). */
export type RoutePermission = Permission | 'authenticated';
type PermissionCheck = ((request: FastifyRequest) => Promise<void>) & { permission: RoutePermission };

/**
 * Refuses a caller who lacks `permission`, with a 403 that names it and the
 * scopes that grant it (`INSUFFICIENT_SCOPE`, the code API clients have
 * always been given).
 */
export function requirePermission(permission: RoutePermission): PermissionCheck {
  const check = async (request: FastifyRequest): Promise<void> => {
    if (permission === 'authenticated' || hasPermission(request.apiClient, permission)) return;
    const scopes = scopesGranting(permission);
    throw new ProblemError(403, 'INSUFFICIENT_SCOPE', 'The caller lacks a permission this route needs', `requires permission ${permission} (scope ${scopes.join(' or ')})`);
  };
  return Object.assign(check, { permission });
}

/** The permission a route declared through `requirePermission`, if any. */
export function declaredPermission(route: Pick<RouteOptions, 'preHandler'>): RoutePermission | undefined {
  const handlers = [route.preHandler ?? []].flat() as Array<Partial<PermissionCheck>>;
  return handlers.find((handler) => typeof handler.permission === 'string')?.permission;
}

/**
 * Makes every route registered in `api` after this declare its permission:
 * one that does not stops the gateway from starting, so no route is ever
 * reachable by every caller by omission. Records each in `registry`
 * (`METHOD url` → permission).
 */
export function requireDeclaredPermissions(api: FastifyInstance, registry: Map<string, RoutePermission>): void {
  api.addHook('onRoute', (route) => {
    const permission = declaredPermission(route);
    const methods = [route.method].flat().filter((method) => method !== 'HEAD');
    if (!permission) throw new Error(`route ${methods.join(',')} ${route.url} declares no permission (requirePermission)`);
    for (const method of methods) registry.set(`${method} ${route.url}`, permission);
  });
}
