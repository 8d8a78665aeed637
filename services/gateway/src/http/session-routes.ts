import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ProblemError, parseOrThrow } from '@atalaia/http';
import type { AccountAdministration } from '../accounts/account-administration';
import type { PasswordSignIn } from '../accounts/password-sign-in';
import { keyIdentityOf, sessionView } from '../domain/console-session';
import type { ApiClientResolver } from './api-client-resolvers';
import { invalidApiKey, sessionEnded } from './authentication';
import type { AuthenticationGuard } from './authentication-guard';
import { clientOfUser, type ConsoleSessions } from './console-sessions';
import { clearSessionCookie, refuseCrossOriginChange, sessionTokenOf, setSessionCookie } from './session-cookie';

export interface SessionRoutesDeps {
  resolver: ApiClientResolver;
  guard: AuthenticationGuard;
  sessions: ConsoleSessions;
  cookieSecure: boolean;
  jaegerUrl: string | null;
  /** People's sign-in by login and password; without it, only API keys sign in. */
  passwordSignIn?: PasswordSignIn;
  /** Audits people's sign-ins and failed sign-ins under their agency. */
  accounts?: Pick<AccountAdministration, 'recordSignIn'>;
}

// Never echoed: a refusal names the field, not its value.
const keySignInSchema = z.strictObject({ apiKey: z.string().min(1).max(512) });
const personSignInSchema = z.strictObject({
  login: z.string().min(1).max(200),
  password: z.string().min(1).max(1024),
  code: z.string().max(10).optional(),
});
export const signInBodySchema = z.union([keySignInSchema, personSignInSchema]);

/** One answer for an unknown login, a wrong password or code, and a disabled or locked account. */
export const invalidCredentials = () =>
  new ProblemError(401, 'INVALID_CREDENTIALS', 'The login or the password is not valid', 'or the account is disabled, or locked for a while after repeated failures');

/**
 * The console signs in once with an API key and then uses a session cookie
 * (`/api/session`). Registered outside the key-authenticated scope: signing in
 * is what authenticates, and the cookie is all GET and DELETE read.
 */
export async function registerSessionRoutes(app: FastifyInstance, deps: SessionRoutesDeps): Promise<void> {
  app.post('/api/session', async (request, reply) => {
    refuseCrossOriginChange(request);
    const body = parseOrThrow(signInBodySchema, request.body, 'body');
    if ('login' in body) return signInPerson(deps, request, reply, body);
    const { apiKey } = body;
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

/**
 * A person signs in with a login and password, and the TOTP code when the
 * account has one. Each attempt counts against the address (the guard, as
 * for keys) and against the account (`PasswordSignIn`).
 */
async function signInPerson(
  deps: SessionRoutesDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  body: z.infer<typeof personSignInSchema>,
): Promise<ReturnType<typeof sessionView>> {
  if (!deps.passwordSignIn) throw invalidCredentials();
  // A fresh key per attempt: a password is never remembered, not even as a digest, to skip the address limit.
  const attempt = deps.guard.admit(request.ip, randomUUID(), reply);
  const outcome = await deps.passwordSignIn.attempt(body.login, body.password, body.code).catch((error: unknown) => {
    attempt.abandoned();
    throw error;
  });
  await deps.accounts?.recordSignIn(outcome, request.ip).catch((error: unknown) => {
    attempt.abandoned();
    throw error;
  });
  if (outcome.kind === 'second_factor_required') {
    attempt.abandoned();
    throw new ProblemError(401, 'SECOND_FACTOR_REQUIRED', 'A one-time code is required', 'send the code of the authenticator app with the login and password');
  }
  const client = outcome.kind === 'signed_in' ? clientOfUser(outcome.user) : null;
  if (outcome.kind === 'refused' || !client) {
    attempt.failed();
    request.log.info({ userId: outcome.user?.id, reason: outcome.kind === 'refused' ? outcome.reason : 'not_active' }, 'console sign-in refused');
    throw invalidCredentials();
  }
  attempt.succeeded();
  const { token, expiresAt } = await deps.sessions.signInPerson(outcome.user);
  setSessionCookie(reply, token, expiresAt, deps.cookieSecure);
  request.log.info({ userId: outcome.user.id, agencyId: outcome.user.agencyId }, 'console session started');
  return sessionView(client, expiresAt, deps.jaegerUrl);
}
