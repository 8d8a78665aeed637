import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@atalaia/testing';
import { argon2PasswordHasher } from '../src/accounts/password-hashing';
import { PasswordSignIn } from '../src/accounts/password-sign-in';
import { UsageError } from '../src/cli/api-clients-command';
import { AccountAdministration } from '../src/accounts/account-administration';
import { AccountAudit } from '../src/accounts/account-audit';
import { runUsersCommand } from '../src/cli/users-command';
import { createGatewayPrisma, type GatewayPrisma } from '../src/db/prisma';
import { UserStore } from '../src/db/user-store';

const migrations = path.resolve(__dirname, '../prisma/migrations');
const hasher = argon2PasswordHasher();

describe('the accounts CLI and what it changes', () => {
  let database: TestDatabase;
  let prisma: GatewayPrisma;
  let users: UserStore;
  const run = (...argv: string[]) => runUsersCommand(argv, { store: users, administration: new AccountAdministration(prisma, hasher, new AccountAudit('audit-topic')), hasher });
  const auditedActions = async (userId: string) =>
    (await prisma.$queryRawUnsafe<Array<{ action: string; actor: string }>>(
      "SELECT payload->'data'->>'action' AS action, payload->'data'->'actor'->>'clientId' AS actor FROM outbox_messages WHERE topic = 'audit-topic' AND message_key = $1 ORDER BY id",
      userId,
    ));
  const sessionsOf = async (userId: string) =>
    (await prisma.$queryRawUnsafe<Array<{ n: number }>>('SELECT count(*)::int AS n FROM console_sessions WHERE user_id = $1::uuid', userId))[0]!.n;
  const openSession = (userId: string, agencyId: string) =>
    prisma.$executeRawUnsafe(
      "INSERT INTO console_sessions (token_hash, client_id, agency_id, scopes, user_id, expires_at) VALUES (md5(random()::text) || md5(random()::text), $1, $2, '{}', $3::uuid, now() + interval '1 hour')",
      `user:${userId}`,
      agencyId,
      userId,
    );

  beforeAll(async () => {
    database = await createTestDatabase('users_cli', migrations);
    prisma = createGatewayPrisma(database.url);
    users = new UserStore(prisma);
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await database.drop();
  });

  it('creates an account with a first password shown once, which signs in', async () => {
    const lines = await run('create', '--agency', 'cbm-se', '--login', 'ana.souza', '--name', 'Ana Souza', '--roles', 'dispatcher,call_taker');

    expect(lines[0]).toMatch(/cbm-se {2}ana\.souza {2}"Ana Souza" {2}\[dispatcher,call_taker\] {2}active/);
    const password = /shown once, give it to Ana Souza\): (\S+)$/.exec(lines.at(-1)!)![1]!;
    expect(password).toHaveLength(24);
    const stored = await users.findByLogin('ana.souza');
    expect(stored!.passwordHash).not.toContain(password);
    expect(await new PasswordSignIn(users, hasher).attempt('ana.souza', password)).toMatchObject({ kind: 'signed_in' });
  });

  it('refuses a taken login (in any agency, whatever its case), unknown roles and missing fields, creating nothing', async () => {
    await run('create', '--agency', 'cbm-se', '--login', 'bruno', '--name', 'Bruno', '--roles', 'auditor');
    const before = (await users.list()).length;

    await expect(run('create', '--agency', 'samu-se', '--login', 'BRUNO', '--name', 'Outro', '--roles', 'auditor')).rejects.toThrow('the login BRUNO is taken');
    await expect(run('create', '--agency', 'cbm-se', '--login', 'carla', '--name', 'Carla', '--roles', 'chefe')).rejects.toThrow(UsageError);
    await expect(run('create', '--agency', 'cbm-se', '--login', 'carla', '--name', 'Carla')).rejects.toThrow(UsageError);
    expect((await users.list()).length).toBe(before);
  });

  it("changes roles and disables, ending the account's sessions in the same statement", async () => {
    await run('create', '--agency', 'cbm-se', '--login', 'davi', '--name', 'Davi', '--roles', 'call_taker');
    const davi = (await users.findByLogin('davi'))!;
    await openSession(davi.id, 'cbm-se');
    await openSession(davi.id, 'cbm-se');

    expect(await run('roles', 'davi', 'supervisor')).toEqual([expect.stringContaining('[supervisor]'), 'its sessions were ended']);
    expect(await sessionsOf(davi.id)).toBe(0);

    await openSession(davi.id, 'cbm-se');
    expect((await run('disable', 'davi'))[0]).toContain('disabled');
    expect(await sessionsOf(davi.id)).toBe(0);
    await expect(run('disable', 'davi')).rejects.toThrow('no active account davi');
    expect((await users.findByLogin('davi'))!.status).toBe('disabled');
    // Each change is audited once, as the CLI's, in the transaction that made it.
    expect(await auditedActions(davi.id)).toEqual([
      { action: 'user.invited', actor: 'cli' },
      { action: 'user.roles_changed', actor: 'cli' },
      { action: 'user.disabled', actor: 'cli' },
    ]);
  });

  it("keeps an agency's administrator to its own accounts: another agency's account is not found and is left as it was", async () => {
    await run('create', '--agency', 'agency-a', '--login', 'elisa', '--name', 'Elisa', '--roles', 'dispatcher');
    const elisa = (await users.findByLogin('elisa'))!;
    await openSession(elisa.id, 'agency-a');

    expect(await users.disable({ login: 'elisa' }, 'agency-b')).toBeNull();
    expect(await users.setRoles({ login: 'elisa' }, ['platform_operator'], 'agency-b')).toBeNull();

    expect(await users.findByLogin('elisa')).toMatchObject({ status: 'active', roles: ['dispatcher'] });
    expect(await sessionsOf(elisa.id)).toBe(1);
    expect((await users.list('agency-b')).map((user) => user.login)).not.toContain('elisa');
    expect(await users.disable({ login: 'elisa' }, 'agency-a')).toMatchObject({ status: 'disabled' });
  });

  it('lists accounts by agency', async () => {
    expect((await run('list', '--agency', 'cbm-se')).every((line) => line.includes('  cbm-se  '))).toBe(true);
    await expect(run('purge')).rejects.toThrow(UsageError);
  });
});
