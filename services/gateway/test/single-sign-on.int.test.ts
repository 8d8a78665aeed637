import path from 'node:path';
import { topicNames } from '@atalaia/contracts';
import { createTestDatabase, signInAtTestProvider, startTestOidcProvider, type TestDatabase, type TestOidcProvider } from '@atalaia/testing';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { SingleSignOnStore } from '../src/db/single-sign-on-store';
import { UserStore } from '../src/db/user-store';
import { UsageError } from '../src/cli/api-clients-command';
import { runSsoCommand } from '../src/cli/sso-command';
import { buildConsoleTestApp, type ConsoleTestApp } from './console-test-app';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const publicUrl = 'http://atalaia.test';
const callback = `${publicUrl}/api/sso/callback`;
const auditTopic = topicNames('console-test').auditEvents;

/**
 * Single sign-on against a real OpenID provider (`oidc-provider`, in a
 * process of its own), through its development sign-in and consent pages:
 * authorization code, PKCE, state and nonce, exactly as a browser goes.
 */
describe('single sign-on through an agency’s OpenID Connect provider', () => {
  let database: TestDatabase;
  let prisma: GatewayPrisma;
  let provider: TestOidcProvider;
  let gateway: ConsoleTestApp;

  /** Starts a sign-in for `agencyId` and returns the provider URL it sends the browser to. */
  const start = async (agencyId = 'cbm-se') => {
    const response = await gateway.app.inject({ method: 'GET', url: `/api/sso/${agencyId}/start` });
    expect(response.statusCode).toBe(303);
    return response.headers.location as string;
  };
  const finish = (returned: URL) => gateway.app.inject({ method: 'GET', url: `${returned.pathname}${returned.search}` });
  const signInAs = async (login: string) => finish(await signInAtTestProvider(await start(), login, callback));
  const sessionOf = (response: Awaited<ReturnType<typeof finish>>) => response.cookies.find((cookie) => cookie.name === 'atalaia_session')?.value;

  beforeAll(async () => {
    database = await createTestDatabase('single_sign_on', migrations);
    prisma = createGatewayPrisma(database.url);
    provider = await startTestOidcProvider({
      clients: [{ client_id: 'atalaia-cbm-se', client_secret: 'segredo-do-cliente', redirect_uris: [callback] }],
      accounts: {
        'ana.sso': { name: 'Ana Pereira', preferred_username: 'ana', groups: ['Central de Operações'] },
        'bruno.sso': { name: 'Bruno Costa', preferred_username: 'bruno', groups: ['supervisor', 'platform_operator'] },
        'sem.papel': { name: 'Sem Papel', groups: ['Cozinha'] },
        'desativada.sso': { name: 'Desativada', groups: ['auditor'] },
      },
    });
    // As the README configures an agency: `npm run sso -- set …`.
    await runSsoCommand(
      ['set', '--agency', 'cbm-se', '--name', 'CBM-SE (Keycloak)', '--issuer', provider.issuer, '--client-id', 'atalaia-cbm-se', '--client-secret', 'segredo-do-cliente'].concat(
        ['--roles-claim', 'groups', '--map', 'Central de Operações=call_taker+dispatcher'],
      ),
      new SingleSignOnStore(prisma),
    );
    gateway = await buildConsoleTestApp(prisma, { publicUrl });
  });

  afterAll(async () => {
    await gateway?.close();
    await provider?.stop();
    await prisma?.$disconnect();
    await database?.drop();
  });

  it('lists the agencies that sign in by single sign-on, and sends the browser to the provider with PKCE, state and nonce', async () => {
    expect((await gateway.app.inject({ method: 'GET', url: '/api/sso/providers' })).json()).toEqual({ data: [{ agencyId: 'cbm-se', displayName: 'CBM-SE (Keycloak)' }] });

    const authorization = new URL(await start());

    expect(authorization.origin).toBe(provider.issuer);
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      client_id: 'atalaia-cbm-se',
      redirect_uri: callback,
      response_type: 'code',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      state: expect.any(String),
      nonce: expect.any(String),
    });
  });

  it('signs a person in: the first time makes their account from the claims, mapping the roles claim, and the sign-in is audited', async () => {
    const signedIn = await signInAs('ana.sso');

    expect([signedIn.statusCode, signedIn.headers.location]).toEqual([303, '/console/']);
    const session = await gateway.app.inject({ method: 'GET', url: '/api/session', cookies: { atalaia_session: sessionOf(signedIn)! } });
    expect(session.json().client).toMatchObject({ agencyId: 'cbm-se', person: { displayName: 'Ana Pereira', roles: ['call_taker', 'dispatcher'] } });
    const account = (await new UserStore(prisma).findBySsoIdentity(provider.issuer, 'ana.sso'))!;
    expect(account).toMatchObject({ login: 'cbm-se/ana', passwordHash: null, agencyId: 'cbm-se' });

    // The second time finds the same account.
    expect((await signInAs('ana.sso')).statusCode).toBe(303);
    expect((await new UserStore(prisma).list('cbm-se')).filter((user) => user.ssoSubject === 'ana.sso')).toHaveLength(1);
    const audited = await prisma.$queryRawUnsafe<Array<{ action: string; method: string }>>(
      "SELECT payload->'data'->>'action' AS action, payload->'data'->'after'->>'method' AS method FROM outbox_messages WHERE topic = $1 AND message_key = $2",
      auditTopic,
      account.id,
    );
    expect(audited).toEqual([
      { action: 'user.signed_in', method: 'oidc' },
      { action: 'user.signed_in', method: 'oidc' },
    ]);
  });

  it('keeps the password and the second factor of a single sign-on account at its provider: no reset link, no TOTP here', async () => {
    const signedIn = await signInAs('ana.sso');
    const enrol = await gateway.app.inject({ method: 'POST', url: '/api/me/second-factor', cookies: { atalaia_session: sessionOf(signedIn)! } });
    expect([enrol.statusCode, enrol.json().code]).toEqual([409, 'SINGLE_SIGN_ON_ACCOUNT']);
  });

  it('never takes an installation role from an agency’s provider', async () => {
    const signedIn = await signInAs('bruno.sso');
    const session = await gateway.app.inject({ method: 'GET', url: '/api/session', cookies: { atalaia_session: sessionOf(signedIn)! } });
    expect(session.json().client.person.roles).toEqual(['supervisor']);
    expect(session.json().client.crossAgency).toBe(false);
  });

  it('refuses a person whose claims give no role, and makes no account for them', async () => {
    const refused = await signInAs('sem.papel');

    expect([refused.statusCode, refused.headers.location, sessionOf(refused)]).toEqual([303, '/console/?signInError=SSO_NO_ROLE', undefined]);
    expect(await new UserStore(prisma).findBySsoIdentity(provider.issuer, 'sem.papel')).toBeNull();
  });

  it('keeps a disabled account out whatever the provider says', async () => {
    await signInAs('desativada.sso');
    const account = (await new UserStore(prisma).findBySsoIdentity(provider.issuer, 'desativada.sso'))!;
    await new UserStore(prisma).disable({ id: account.id }, null);

    const refused = await signInAs('desativada.sso');

    expect([refused.headers.location, sessionOf(refused)]).toEqual(['/console/?signInError=SSO_ACCOUNT_DISABLED', undefined]);
  });

  it('accepts each callback once: a replayed one, or one with a forged state, signs nobody in', async () => {
    const returned = await signInAtTestProvider(await start(), 'ana.sso', callback);
    expect((await finish(returned)).headers.location).toBe('/console/');

    const replayed = await finish(returned);
    const forged = new URL(returned);
    forged.searchParams.set('state', 'not-the-state');

    expect([replayed.headers.location, sessionOf(replayed)]).toEqual(['/console/?signInError=SSO_STATE_INVALID', undefined]);
    expect((await finish(forged)).headers.location).toBe('/console/?signInError=SSO_STATE_INVALID');
  });

  it('configures agencies with the CLI: lists them, refuses unknown roles in a mapping, and removes one', async () => {
    const store = new SingleSignOnStore(prisma);
    expect(await runSsoCommand(['list'], store)).toEqual([expect.stringContaining('cbm-se  "CBM-SE (Keycloak)"  http://127.0.0.1:')]);
    await expect(runSsoCommand(['set', '--agency', 'cbm-al', '--name', 'AL', '--issuer', provider.issuer, '--client-id', 'x', '--client-secret', 'y', '--map', 'Todos=chefe'], store)).rejects.toThrow(UsageError);
    await runSsoCommand(['set', '--agency', 'cbm-al', '--name', 'AL', '--issuer', provider.issuer, '--client-id', 'x', '--client-secret', 'y'], store);
    expect(await runSsoCommand(['remove', '--agency', 'cbm-al'], store)).toEqual([expect.stringContaining('single sign-on removed')]);
    expect((await store.providers()).map((configured) => configured.agencyId)).toEqual(['cbm-se']);
  });

  it('answers an agency without single sign-on with a problem, and a provider’s own refusal by sending the browser back', async () => {
    const unknown = await gateway.app.inject({ method: 'GET', url: '/api/sso/cbm-al/start' });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'SSO_NOT_CONFIGURED']);
    const denied = await gateway.app.inject({ method: 'GET', url: '/api/sso/callback?error=access_denied&state=x' });
    expect(denied.headers.location).toBe('/console/?signInError=SSO_FAILED');
  });
});
