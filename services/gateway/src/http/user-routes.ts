import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError, parseOrThrow } from '@atalaia/http';
import type { AccountAdministration, Administration } from '../accounts/account-administration';
import { linkParamsSchema, linkPasswordBodySchema, newAccountBodySchema, roleChangeBodySchema, totpCodeBodySchema } from '../accounts/account-schemas';
import { accessOf, actorOf } from '../domain/api-client';
import { requirePermission } from './authentication';
import { idParamOf, validateIdParam } from './path-params';
import { refuseCrossOriginChange } from './session-cookie';

export interface UserRoutesDeps {
  accounts: AccountAdministration;
}

/** The caller as an administrator: their agency (every one with `agencies:all`), and who they are in the trail. */
function administrationOf(request: FastifyRequest): Administration {
  const client = request.apiClient;
  return {
    actor: actorOf(client),
    agencyId: accessOf(client).crossAgency ? null : client.agencyId,
    ...(client.person ? { ownUserId: client.person.userId } : {}),
  };
}

/**
 * Account administration for holders of `users:manage` (agency
 * administrators; platform operators for every agency). Another agency's
 * account answers 404 USER_NOT_FOUND, as an unknown one, and is not changed.
 */
export async function registerUserRoutes(app: FastifyInstance, deps: UserRoutesDeps): Promise<void> {
  const manage = { preHandler: requirePermission('users:manage') };
  const manageOne = { preHandler: [validateIdParam, requirePermission('users:manage')] };

  app.get('/api/users', manage, async (request) => ({ data: await deps.accounts.list(administrationOf(request)) }));

  app.get('/api/users/:id', manageOne, async (request) => deps.accounts.get(administrationOf(request), idParamOf(request)));

  app.post('/api/users', manage, async (request, reply) => {
    const body = parseOrThrow(newAccountBodySchema, request.body, 'body');
    const invited = await deps.accounts.invite(administrationOf(request), body);
    request.log.info({ userId: invited.user.id, agencyId: invited.user.agencyId }, 'account invited');
    return reply.status(201).send(invited);
  });

  app.post('/api/users/:id/links', manageOne, async (request, reply) => {
    const issued = await deps.accounts.issueResetLink(administrationOf(request), idParamOf(request));
    return reply.status(201).send(issued);
  });

  app.put('/api/users/:id/roles', manageOne, async (request) => {
    const { roles } = parseOrThrow(roleChangeBodySchema, request.body, 'body');
    return deps.accounts.changeRoles(administrationOf(request), idParamOf(request), roles);
  });

  app.post('/api/users/:id/disable', manageOne, async (request) => deps.accounts.disable(administrationOf(request), idParamOf(request)));

  app.delete('/api/users/:id/second-factor', manageOne, async (request) => deps.accounts.removeSecondFactor(administrationOf(request), idParamOf(request)));

  // A person's own second factor: enrol a TOTP authenticator, then confirm it with a code.
  const ownAccount = { preHandler: requirePermission('authenticated') };
  app.post('/api/me/second-factor', ownAccount, async (request, reply) => reply.status(201).send(await deps.accounts.beginSecondFactor(personOf(request))));
  app.post('/api/me/second-factor/confirm', ownAccount, async (request) => {
    const { code } = parseOrThrow(totpCodeBodySchema, request.body, 'body');
    return deps.accounts.confirmSecondFactor(personOf(request), code);
  });
}

/** The signed-in person's user id: an API client has no account of its own to enrol. */
function personOf(request: FastifyRequest): string {
  const person = request.apiClient.person;
  if (!person) throw new ProblemError(403, 'PERSON_REQUIRED', 'Only a person signed in to the console has an account', 'API clients authenticate with their key alone');
  return person.userId;
}

/**
 * The one-time links' own routes, outside authentication: the token is what
 * authenticates. Unknown, used, expired and replaced links answer alike.
 */
export async function registerAccountLinkRoutes(app: FastifyInstance, deps: UserRoutesDeps): Promise<void> {
  app.get('/api/account-links/:token', async (request) => {
    const { token } = parseOrThrow(linkParamsSchema, request.params, 'path');
    return deps.accounts.describeLink(token);
  });

  app.post('/api/account-links/:token', async (request) => {
    refuseCrossOriginChange(request);
    const { token } = parseOrThrow(linkParamsSchema, request.params, 'path');
    const { password } = parseOrThrow(linkPasswordBodySchema, request.body, 'body');
    const user = await deps.accounts.setPasswordByLink(token, password);
    request.log.info({ userId: user.id, agencyId: user.agencyId }, 'account password set by link');
    return { login: user.login, displayName: user.displayName };
  });
}
