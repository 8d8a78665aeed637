import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { argon2PasswordHasher } from '../src/accounts/password-hashing';
import { newTotpEnrolment, totpCodeAt } from '../src/accounts/totp';
import { ConsoleSessionStore } from '../src/db/console-session-store';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { UserStore, type UserRecord } from '../src/db/user-store';
import { buildConsoleTestApp, type ConsoleTestApp } from './console-test-app';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const PASSWORD = 'viatura azul na serra';
const json = { 'content-type': 'application/json' };
const occurrenceId = '0f8e7a4c-95f5-4c6b-9d0a-5b2f1f3c9a10';

describe('people signing in to the console', () => {
  let database: TestDatabase;
  let prisma: GatewayPrisma;
  let users: UserStore;
  let gateway: ConsoleTestApp;
  let sequence = 0;

  const newUser = async (roles: UserRecord['roles']) => {
    sequence += 1;
    const hash = await argon2PasswordHasher().hash(PASSWORD);
    return (await users.create({ agencyId: 'cbm-se', login: `pessoa.${sequence}`, displayName: `Pessoa ${sequence}`, roles, passwordHash: hash }))!;
  };
  const signIn = (payload: object) => gateway.app.inject({ method: 'POST', url: '/api/session', headers: json, payload });
  const cookieOf = (response: { cookies: Array<{ name: string; value: string }> }) => response.cookies.find((cookie) => cookie.name === 'atalaia_session')!.value;
  const asPerson = (token: string, method: 'GET' | 'POST', url: string, payload?: object, key?: string) =>
    gateway.app.inject({ method, url, cookies: { atalaia_session: token }, headers: { ...json, ...(key ? { 'idempotency-key': key } : {}) }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    database = await createTestDatabase('person_sign_in', migrations);
    prisma = createGatewayPrisma(database.url);
    users = new UserStore(prisma);
    gateway = await buildConsoleTestApp(prisma);
  });

  afterAll(async () => {
    await gateway.close();
    await prisma.$disconnect();
    await database.drop();
  });

  it('signs a person in with a password: the session names them, their roles and what those allow', async () => {
    const user = await newUser(['dispatcher']);

    const response = await signIn({ login: user.login, password: PASSWORD });

    expect(response.statusCode).toBe(200);
    expect(response.json().client).toEqual({
      id: `user:${user.id}`,
      agencyId: 'cbm-se',
      scopes: [],
      crossAgency: false,
      permissions: ['occurrences:progress', 'dispatches:write', 'units:status', 'read'],
      person: { userId: user.id, displayName: user.displayName, roles: ['dispatcher'], secondFactor: false },
    });
    const session = await asPerson(cookieOf(response), 'GET', '/api/session');
    expect(session.json().client.person.userId).toBe(user.id);
  });

  it('when the person has a second factor, then their session says so, for the console to offer no second enrolment', async () => {
    const user = await newUser(['dispatcher']);
    const { secret } = newTotpEnrolment(user.login);
    await users.beginTotp(user.id, secret);
    await users.enableTotp(user.id, secret, 0);

    const response = await signIn({ login: user.login, password: PASSWORD, code: totpCodeAt(secret) });

    expect(response.statusCode).toBe(200);
    expect(response.json().client.person).toEqual({ userId: user.id, displayName: user.displayName, roles: ['dispatcher'], secondFactor: true });
    expect((await asPerson(cookieOf(response), 'GET', '/api/session')).json().client.person.secondFactor).toBe(true);
  });

  it('gives an unknown login, a wrong password and a disabled account the very same answer', async () => {
    const user = await newUser(['dispatcher']);
    const disabled = await newUser(['dispatcher']);
    await prisma.$executeRawUnsafe("UPDATE users SET status = 'disabled' WHERE id = $1::uuid", disabled.id);

    const answers = await Promise.all([
      signIn({ login: 'ninguem.aqui', password: PASSWORD }),
      signIn({ login: user.login, password: 'not the password at all' }),
      signIn({ login: disabled.login, password: PASSWORD }),
    ]);

    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.cookies).toEqual([]);
    }
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    expect(answers[0]!.json().code).toBe('INVALID_CREDENTIALS');
  });

  it("lets a dispatcher act within their roles, refuses a cancel naming the missing permission, and stamps the person on the command's actor", async () => {
    const user = await newUser(['dispatcher']);
    const token = cookieOf(await signIn({ login: user.login, password: PASSWORD }));

    const cancel = await asPerson(token, 'POST', `/api/occurrences/${occurrenceId}/cancel`, { reason: 'trote' }, 'cancel-by-dispatcher');
    const start = await asPerson(token, 'POST', `/api/occurrences/${occurrenceId}/start`, {}, 'start-by-dispatcher');

    expect(cancel.statusCode).toBe(403);
    expect(cancel.json()).toMatchObject({ code: 'INSUFFICIENT_SCOPE', detail: expect.stringContaining('occurrences:cancel') });
    expect(start.statusCode).toBe(202);
    const rows = await prisma.$queryRawUnsafe<Array<{ actor: Record<string, unknown> }>>(
      "SELECT payload->'actor' AS actor FROM outbox_messages WHERE payload->>'commandId' = $1",
      start.json().commandId,
    );
    expect(rows[0]!.actor).toEqual({ clientId: `user:${user.id}`, agencyId: 'cbm-se', userId: user.id, userName: user.displayName, roles: ['dispatcher'] });
  });

  it('ends a session at once when the account is disabled, or when its sessions are ended on a role change', async () => {
    const disabledLater = await newUser(['supervisor']);
    const promotedLater = await newUser(['call_taker']);
    const first = cookieOf(await signIn({ login: disabledLater.login, password: PASSWORD }));
    const second = cookieOf(await signIn({ login: promotedLater.login, password: PASSWORD }));
    expect((await asPerson(first, 'GET', '/api/session')).statusCode).toBe(200);
    expect((await asPerson(second, 'GET', '/api/commands')).statusCode).toBe(200);

    await prisma.$executeRawUnsafe("UPDATE users SET status = 'disabled' WHERE id = $1::uuid", disabledLater.id);
    await prisma.$executeRawUnsafe("UPDATE users SET roles = ARRAY['dispatcher'] WHERE id = $1::uuid", promotedLater.id);
    await new ConsoleSessionStore(prisma).deleteForUser(promotedLater.id);

    for (const [token, url] of [[first, '/api/session'], [second, '/api/commands']] as const) {
      const answer = await asPerson(token, 'GET', url);
      expect(answer.statusCode).toBe(401);
      expect(answer.json().code).toBe('SESSION_EXPIRED');
    }
  });

  it('reads roles from the account on every request: a role taken away applies to the next one', async () => {
    const user = await newUser(['dispatcher', 'call_taker']);
    const token = cookieOf(await signIn({ login: user.login, password: PASSWORD }));
    expect((await asPerson(token, 'GET', '/api/session')).json().client.permissions).toContain('occurrences:report');

    await prisma.$executeRawUnsafe("UPDATE users SET roles = ARRAY['dispatcher'] WHERE id = $1::uuid", user.id);

    expect((await asPerson(token, 'GET', '/api/session')).json().client.permissions).not.toContain('occurrences:report');
  });
});
