import path from 'node:path';
import { topicNames, type Role } from '@atalaia/contracts';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { argon2PasswordHasher } from '../src/accounts/password-hashing';
import { totpCodeAt } from '../src/accounts/totp';
import { ApiClientStore } from '../src/db/api-client-store';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { UserStore } from '../src/db/user-store';
import { buildConsoleTestApp, type ConsoleTestApp } from './console-test-app';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const PASSWORD = 'viatura azul na serra';
const NEW_PASSWORD = 'escada magirus no quartel';
const json = { 'content-type': 'application/json' };
const auditTopic = topicNames('console-test').auditEvents;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

describe('account administration over the API', () => {
  let database: TestDatabase;
  let prisma: GatewayPrisma;
  let users: UserStore;
  let gateway: ConsoleTestApp;
  let sequence = 0;

  const newUser = async (agencyId: string, roles: Role[]) => {
    sequence += 1;
    const hash = await argon2PasswordHasher().hash(PASSWORD);
    return (await users.create({ agencyId, login: `conta.${sequence}`, displayName: `Conta ${sequence}`, roles, passwordHash: hash }))!;
  };
  const signIn = async (login: string, password = PASSWORD) => {
    const response = await gateway.app.inject({ method: 'POST', url: '/api/session', headers: json, payload: { login, password } });
    return response.cookies.find((cookie) => cookie.name === 'atalaia_session')?.value;
  };
  const as = (token: string | undefined, method: Method, url: string, payload?: object) =>
    gateway.app.inject({ method, url, cookies: { atalaia_session: token ?? '' }, ...(payload ? { headers: json, payload } : {}) });
  const anonymous = (method: Method, url: string, payload?: object) => gateway.app.inject({ method, url, ...(payload ? { headers: json, payload } : {}) });
  /** An administrator of `agencyId`, signed in. */
  const administrator = async (agencyId: string) => {
    const admin = await newUser(agencyId, ['agency_admin']);
    return { admin, token: await signIn(admin.login) };
  };
  const auditEntriesOf = async (userId: string) =>
    prisma.$queryRawUnsafe<Array<{ action: string; actorUser: string | null; actorClient: string; owner: string; after: Record<string, unknown> | null }>>(
      `SELECT payload->'data'->>'action' AS action, payload->'data'->'actor'->>'userName' AS "actorUser",
              payload->'data'->'actor'->>'clientId' AS "actorClient", payload->'data'->>'ownerAgencyId' AS owner, payload->'data'->'after' AS after
         FROM outbox_messages WHERE topic = $1 AND message_key = $2 ORDER BY id`,
      auditTopic,
      userId,
    );
  const linkTokenOf = (response: { json(): { link: { token: string; path: string } } }) => {
    const { link } = response.json();
    expect(link.path).toBe(`/console/account/${link.token}`);
    return link.token;
  };

  beforeAll(async () => {
    database = await createTestDatabase('user_administration', migrations);
    prisma = createGatewayPrisma(database.url);
    users = new UserStore(prisma);
    gateway = await buildConsoleTestApp(prisma);
  });

  afterAll(async () => {
    await gateway.close();
    await prisma.$disconnect();
    await database.drop();
  });

  it('invites a person with a one-time link that sets their first password, once, after which they sign in', async () => {
    const { admin, token } = await administrator('cbm-se');

    const invited = await as(token, 'POST', '/api/users', { login: 'Joana.Lima', displayName: 'Joana Lima', roles: ['call_taker'] });

    expect(invited.statusCode).toBe(201);
    expect(invited.json().user).toMatchObject({ agencyId: 'cbm-se', login: 'Joana.Lima', roles: ['call_taker'], status: 'invited', secondFactor: false });
    const link = linkTokenOf(invited);
    expect(await signIn('joana.lima', NEW_PASSWORD)).toBeUndefined();
    expect((await anonymous('GET', `/api/account-links/${link}`)).json()).toMatchObject({ purpose: 'invite', login: 'Joana.Lima', displayName: 'Joana Lima' });

    // A password the policy refuses is explained, and the link stays usable.
    const refused = await anonymous('POST', `/api/account-links/${link}`, { password: 'password1234' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'PASSWORD_REJECTED', errors: [{ field: 'password', message: 'common' }] });

    expect((await anonymous('POST', `/api/account-links/${link}`, { password: NEW_PASSWORD })).json()).toEqual({ login: 'Joana.Lima', displayName: 'Joana Lima' });
    const again = await anonymous('POST', `/api/account-links/${link}`, { password: 'outra frase bem comprida' });
    expect([again.statusCode, again.json().code]).toEqual([404, 'ACCOUNT_LINK_NOT_FOUND']);
    expect(await signIn('joana.lima', NEW_PASSWORD)).toBeDefined();

    const joana = (await users.findByLogin('joana.lima'))!;
    expect((await auditEntriesOf(joana.id)).map(({ action, actorUser, owner }) => ({ action, actorUser, owner }))).toEqual([
      { action: 'user.invited', actorUser: admin.displayName, owner: 'cbm-se' },
      // The attempt before a password was set.
      { action: 'user.sign_in_failed', actorUser: null, owner: 'cbm-se' },
      { action: 'user.password_set', actorUser: 'Joana Lima', owner: 'cbm-se' },
      { action: 'user.signed_in', actorUser: 'Joana Lima', owner: 'cbm-se' },
    ]);
  });

  it('lets exactly one of two concurrent uses of a link set the password', async () => {
    const { token } = await administrator('cbm-se');
    const invited = await as(token, 'POST', '/api/users', { login: 'dupla.corrida', displayName: 'Dupla Corrida', roles: ['dispatcher'] });
    const link = linkTokenOf(invited);

    const answers = await Promise.all([
      anonymous('POST', `/api/account-links/${link}`, { password: 'primeira frase do turno' }),
      anonymous('POST', `/api/account-links/${link}`, { password: 'segunda frase do turno' }),
    ]);

    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 404]);
    const userId = invited.json().user.id as string;
    expect((await auditEntriesOf(userId)).filter((entry) => entry.action === 'user.password_set')).toHaveLength(1);
    const winner = answers[0]!.statusCode === 200 ? 'primeira frase do turno' : 'segunda frase do turno';
    expect(await signIn('dupla.corrida', winner)).toBeDefined();
  });

  it("ends a person's sessions at once when their roles change, and again when they are disabled; both are audited", async () => {
    const { admin, token } = await administrator('cbm-se');
    const person = await newUser('cbm-se', ['dispatcher']);
    const session = await signIn(person.login);
    expect((await as(session, 'GET', '/api/session')).statusCode).toBe(200);

    const changed = await as(token, 'PUT', `/api/users/${person.id}/roles`, { roles: ['supervisor'] });
    expect(changed.json()).toMatchObject({ roles: ['supervisor'], status: 'active' });
    expect((await as(session, 'GET', '/api/session')).json().code).toBe('SESSION_EXPIRED');

    const next = await signIn(person.login);
    expect((await as(next, 'GET', '/api/session')).json().client.person.roles).toEqual(['supervisor']);
    expect((await as(token, 'POST', `/api/users/${person.id}/disable`)).json()).toMatchObject({ status: 'disabled' });
    expect((await as(next, 'GET', '/api/session')).json().code).toBe('SESSION_EXPIRED');
    expect(await signIn(person.login)).toBeUndefined();

    const entries = await auditEntriesOf(person.id);
    expect(entries.filter((entry) => entry.actorClient === `user:${admin.id}`).map((entry) => [entry.action, entry.after])).toEqual([
      ['user.roles_changed', { roles: ['supervisor'] }],
      ['user.disabled', { status: 'disabled' }],
    ]);
    // The refused sign-in of the disabled account is audited under its agency, by nobody known.
    expect(entries.at(-1)).toMatchObject({ action: 'user.sign_in_failed', actorClient: 'anonymous', owner: 'cbm-se', after: { reason: 'not_allowed_now' } });
  });

  it("keeps an administrator of agency B out of agency A's accounts: 404, as an unknown one, and nothing changes", async () => {
    const person = await newUser('agency-a', ['dispatcher']);
    const session = await signIn(person.login);
    const { token } = await administrator('agency-b');
    const before = await auditEntriesOf(person.id);

    const answers = await Promise.all([
      as(token, 'GET', `/api/users/${person.id}`),
      as(token, 'PUT', `/api/users/${person.id}/roles`, { roles: ['auditor'] }),
      as(token, 'POST', `/api/users/${person.id}/disable`),
      as(token, 'POST', `/api/users/${person.id}/links`),
    ]);

    expect(answers.map((answer) => [answer.statusCode, answer.json().code])).toEqual(Array(4).fill([404, 'USER_NOT_FOUND']));
    expect((await as(token, 'GET', '/api/users')).json().data.map((user: { agencyId: string }) => user.agencyId)).toEqual(expect.not.arrayContaining(['agency-a']));
    expect(await users.findByLogin(person.login)).toMatchObject({ roles: ['dispatcher'], status: 'active' });
    expect((await as(session, 'GET', '/api/session')).statusCode).toBe(200);
    expect(await auditEntriesOf(person.id)).toEqual(before);
    // Creating in another agency needs agencies:all.
    const elsewhere = await as(token, 'POST', '/api/users', { login: 'intrusa', displayName: 'Intrusa', roles: ['auditor'], agencyId: 'agency-a' });
    expect([elsewhere.statusCode, elsewhere.json().code]).toEqual([403, 'INSUFFICIENT_SCOPE']);
    expect(await users.findByLogin('intrusa')).toBeNull();
  });

  it('refuses escalation: an agency administrator grants no platform role, changes no own roles, and others may not administer at all', async () => {
    const { admin, token } = await administrator('cbm-se');
    const operator = await newUser('cbm-se', ['platform_operator']);

    const grant = await as(token, 'POST', '/api/users', { login: 'subindo', displayName: 'Subindo', roles: ['platform_operator'] });
    const touchOperator = await as(token, 'POST', `/api/users/${operator.id}/disable`);
    const own = await as(token, 'PUT', `/api/users/${admin.id}/roles`, { roles: ['agency_admin', 'supervisor'] });
    const dispatcher = await newUser('cbm-se', ['dispatcher']);
    const notAdmin = await as(await signIn(dispatcher.login), 'GET', '/api/users');

    expect([grant.statusCode, grant.json().code]).toEqual([403, 'ROLE_NOT_GRANTABLE']);
    expect(await users.findByLogin('subindo')).toBeNull();
    expect([touchOperator.statusCode, touchOperator.json().code]).toEqual([403, 'ROLE_NOT_GRANTABLE']);
    expect((await users.findByLogin(operator.login))!.status).toBe('active');
    expect([own.statusCode, own.json().code]).toEqual([409, 'OWN_ACCOUNT']);
    expect([notAdmin.statusCode, notAdmin.json().code, notAdmin.json().detail]).toEqual([403, 'INSUFFICIENT_SCOPE', expect.stringContaining('users:manage')]);
  });

  it('issues a reset link that replaces any earlier one; the old password works until it is used, and using it ends every session', async () => {
    const { token } = await administrator('cbm-se');
    const person = await newUser('cbm-se', ['auditor']);
    const session = await signIn(person.login);

    const first = linkTokenOf(await as(token, 'POST', `/api/users/${person.id}/links`));
    const second = await as(token, 'POST', `/api/users/${person.id}/links`);
    const link = linkTokenOf(second);

    expect(second.json().link.purpose).toBe('reset');
    expect((await anonymous('GET', `/api/account-links/${first}`)).json().code).toBe('ACCOUNT_LINK_NOT_FOUND');
    expect(await signIn(person.login)).toBeDefined();
    expect((await anonymous('POST', `/api/account-links/${link}`, { password: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await as(session, 'GET', '/api/session')).json().code).toBe('SESSION_EXPIRED');
    expect(await signIn(person.login)).toBeUndefined();
    expect(await signIn(person.login, NEW_PASSWORD)).toBeDefined();
  });

  it('lets a person enrol a TOTP authenticator, confirmed by a code, after which signing in asks for it; an administrator removes it', async () => {
    const { token: adminToken } = await administrator('cbm-se');
    const person = await newUser('cbm-se', ['dispatcher']);
    const session = await signIn(person.login);

    const begun = await as(session, 'POST', '/api/me/second-factor');
    expect(begun.statusCode).toBe(201);
    const { secret, uri } = begun.json() as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/Atalaia:/);
    // Pending: signing in does not ask for it yet, and a wrong code does not confirm it.
    expect(await signIn(person.login)).toBeDefined();
    const wrong = await as(session, 'POST', '/api/me/second-factor/confirm', { code: totpCodeAt(secret) === '000000' ? '111111' : '000000' });
    expect([wrong.statusCode, wrong.json().code]).toEqual([422, 'INVALID_CODE']);

    const confirmed = await as(session, 'POST', '/api/me/second-factor/confirm', { code: totpCodeAt(secret) });
    expect(confirmed.json()).toMatchObject({ secondFactor: true });
    expect((await as(session, 'POST', '/api/me/second-factor')).json().code).toBe('SECOND_FACTOR_ENROLLED');
    const withoutCode = await gateway.app.inject({ method: 'POST', url: '/api/session', headers: json, payload: { login: person.login, password: PASSWORD } });
    expect(withoutCode.json().code).toBe('SECOND_FACTOR_REQUIRED');
    // The code just used to confirm is never accepted again; the next step's is.
    const next = totpCodeAt(secret, Date.now() + 30_000);
    const withCode = await gateway.app.inject({ method: 'POST', url: '/api/session', headers: json, payload: { login: person.login, password: PASSWORD, code: next } });
    expect(withCode.statusCode).toBe(200);

    const removed = await as(adminToken, 'DELETE', `/api/users/${person.id}/second-factor`);
    expect(removed.json()).toMatchObject({ secondFactor: false });
    expect(await signIn(person.login)).toBeDefined();
    expect((await auditEntriesOf(person.id)).map((entry) => entry.action)).toEqual(expect.arrayContaining(['user.second_factor_enabled', 'user.second_factor_removed']));
    // An API client has no account to enrol.
    const { key } = await new ApiClientStore(prisma).create({ name: 'integração', agencyId: 'cbm-se', scopes: ['read'], rateLimitPerMinute: null });
    const keyClient = await gateway.app.inject({ method: 'POST', url: '/api/me/second-factor', headers: { 'x-api-key': key } });
    expect([keyClient.statusCode, keyClient.json().code]).toEqual([403, 'PERSON_REQUIRED']);
  });

  it('answers malformed ids, tokens and bodies with problems, never a 500', async () => {
    const { token } = await administrator('cbm-se');
    const answers = await Promise.all([
      as(token, 'GET', '/api/users/not-a-uuid'),
      as(token, 'PUT', '/api/users/4b1f7f7e-2f7a-4a61-9d55-000000000000/roles', { roles: ['chefe'] }),
      as(token, 'POST', '/api/users', { login: 'x', displayName: '', roles: [] }),
      anonymous('GET', '/api/account-links/short'),
      anonymous('POST', `/api/account-links/${'a'.repeat(43)}`, { password: 42 }),
    ]);
    expect(answers.map((answer) => [answer.statusCode, answer.headers['content-type']])).toEqual([
      [400, expect.stringContaining('application/problem+json')],
      [400, expect.stringContaining('application/problem+json')],
      [400, expect.stringContaining('application/problem+json')],
      [404, expect.stringContaining('application/problem+json')],
      [400, expect.stringContaining('application/problem+json')],
    ]);
  });
});
