import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '@atalaia/http';
import { hasScope, type ApiClient, type ApiScope } from '../domain/api-client';
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

/** Refuses a caller whose client lacks `scope`. */
export function requireScope(scope: ApiScope) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!hasScope(request.apiClient, scope)) {
      throw new ProblemError(403, 'INSUFFICIENT_SCOPE', 'The API key lacks a scope this route needs', `requires scope ${scope}`);
    }
  };
}
