import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '@atalaia/http';
import type { AccountAdministration } from '../accounts/account-administration';
import { SsoRefused, type SingleSignOn } from '../accounts/single-sign-on';
import type { ConsoleSessions } from './console-sessions';
import { setSessionCookie } from './session-cookie';

export interface SsoRoutesDeps {
  singleSignOn: SingleSignOn;
  sessions: ConsoleSessions;
  accounts: Pick<AccountAdministration, 'recordSignIn'>;
  cookieSecure: boolean;
  /** The gateway's address as browsers reach it (`PUBLIC_URL`); null: the request's own. The provider must know `<it>/api/sso/callback`. */
  publicUrl: string | null;
}

const agencyParamsSchema = z.object({ agencyId: z.string().regex(/^[a-z0-9-]{1,64}$/) });
export const SSO_CALLBACK_PATH = '/api/sso/callback';

function callbackUrlOf(request: FastifyRequest, publicUrl: string | null): string {
  const base = publicUrl ?? `${request.protocol}://${request.host}`;
  return new URL(SSO_CALLBACK_PATH, base).toString();
}

/** Back to the console: signed in, or with the code of why not, which the sign-in page explains. */
const consoleAfter = (refusal?: string) => (refusal ? `/console/?signInError=${encodeURIComponent(refusal)}` : '/console/');

/**
 * Single sign-on routes, outside authentication: the provider's answer is
 * what authenticates. Start sends the browser to the agency's provider; the
 * callback signs the person in and sends the browser back to the console.
 */
export async function registerSsoRoutes(app: FastifyInstance, deps: SsoRoutesDeps): Promise<void> {
  app.get('/api/sso/providers', async () => ({ data: await deps.singleSignOn.providers() }));

  app.get('/api/sso/:agencyId/start', async (request, reply) => {
    const { agencyId } = parseOrThrow(agencyParamsSchema, request.params, 'path');
    const authorization = await deps.singleSignOn.start(agencyId, callbackUrlOf(request, deps.publicUrl));
    return reply.header('cache-control', 'no-store').redirect(authorization.toString(), 303);
  });

  app.get(SSO_CALLBACK_PATH, async (request, reply) => {
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    reply.header('cache-control', 'no-store');
    if (query.has('error')) {
      request.log.info({ error: query.get('error'), description: query.get('error_description') }, 'single sign-on refused by the provider');
      return reply.redirect(consoleAfter('SSO_FAILED'), 303);
    }
    try {
      const user = await deps.singleSignOn.finish(query);
      await deps.accounts.recordSignIn({ kind: 'signed_in', user }, request.ip, 'oidc');
      const { token, expiresAt } = await deps.sessions.signInPerson(user);
      setSessionCookie(reply, token, expiresAt, deps.cookieSecure);
      request.log.info({ userId: user.id, agencyId: user.agencyId }, 'console session started by single sign-on');
      return reply.redirect(consoleAfter(), 303);
    } catch (error) {
      if (!(error instanceof SsoRefused)) throw error;
      request.log.info({ code: error.code, reason: error.message, userId: error.user?.id }, 'single sign-on refused');
      if (error.user) await deps.accounts.recordSignIn({ kind: 'refused', user: error.user, reason: error.code }, request.ip, 'oidc');
      return reply.redirect(consoleAfter(error.code), 303);
    }
  });
}
