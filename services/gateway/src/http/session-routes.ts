import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ProblemError, parseOrThrow } from '@atalaia/http';
import { keyIdentityOf, sessionView } from '../domain/console-session';
import type { ApiClientResolver } from './api-client-resolvers';
import { invalidApiKey, sessionEnded } from './authentication';
import type { AuthenticationGuard } from './authentication-guard';
import type { ConsoleSessions } from './console-sessions';
import { clearSessionCookie, refuseCrossOriginChange, sessionTokenOf, setSessionCookie } from './session-cookie';

export interface SessionRoutesDeps {
  resolver: ApiClientResolver;
  guard: AuthenticationGuard;
  sessions: ConsoleSessions;
  cookieSecure: boolean;
  jaegerUrl: string | null;
}

// Never echoed: a refusal names the field, not its value.
const signInBodySchema = z.strictObject({ apiKey: z.string().min(1).max(512) });

/**
 * The console signs in once with an API key and then uses a session cookie
 * (`/api/session`). Registered outside the key-authenticated scope: signing in
 * is what authenticates, and the cookie is all GET and DELETE read.
 */
export async function registerSessionRoutes(app: FastifyInstance, deps: SessionRoutesDeps): Promise<void> {
  app.post('/api/session', async (request, reply) => {
    refuseCrossOriginChange(request);
    const { apiKey } = parseOrThrow(signInBodySchema, request.body, 'body');
    const attempt = deps.guard.admit(request.ip, apiKey, reply);
    const client = await deps.resolver.resolve(apiKey).catch((error: unknown) => {
      attempt.abandoned();
      throw error;
    });
    if (!client) {
      attempt.failed();
      throw invalidApiKey();
    }
    attempt.succeeded();
    const { token, expiresAt } = await deps.sessions.signIn(client, keyIdentityOf(apiKey));
    setSessionCookie(reply, token, expiresAt, deps.cookieSecure);
    request.log.info({ clientId: client.id, agencyId: client.agencyId }, 'console session started');
    return sessionView(client, expiresAt, deps.jaegerUrl);
  });

  app.get('/api/session', async (request, reply) => {
    const token = sessionTokenOf(request);
    if (!token) throw new ProblemError(401, 'AUTHENTICATION_REQUIRED', 'No console session', 'sign in with POST /api/session');
    const attempt = deps.guard.admit(request.ip, token, reply);
    const found = await deps.sessions.authenticate(token).catch((error: unknown) => {
      attempt.abandoned();
      throw error;
    });
    if (found.kind === 'ended') {
      attempt.failed();
      clearSessionCookie(reply, deps.cookieSecure);
      throw sessionEnded();
    }
    attempt.succeeded();
    return sessionView(found.client, found.expiresAt, deps.jaegerUrl);
  });

  app.delete('/api/session', async (request: FastifyRequest, reply: FastifyReply) => {
    const token = sessionTokenOf(request);
    if (token) {
      refuseCrossOriginChange(request);
      await deps.sessions.signOut(token);
    }
    clearSessionCookie(reply, deps.cookieSecure);
    return reply.status(204).send();
  });
}
