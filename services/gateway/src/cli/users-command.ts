import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { isRole, roles as knownRoles, type Role } from '@atalaia/contracts';
import type { AccountAdministration, Administration } from '../accounts/account-administration';
import type { PasswordHasher } from '../accounts/password-hashing';
import type { UserRecord, UserStore } from '../db/user-store';
import { checkPassword } from '../domain/password-policy';
import { UsageError } from './api-clients-command';

export const usersUsage = `usage: npm run users -- <command>
  create --agency <id> --login <login> --name "<display name>" --roles <role,...>   prints a first password, once
  list [--agency <id>]
  roles <login> <role,...>      replaces the roles and ends the account's sessions
  disable <login>               disables the account (never deleted) and ends its sessions
roles: ${knownRoles.join(', ')}`;

function describe(user: UserRecord): string {
  const locked = user.lockedUntil && user.lockedUntil.getTime() > Date.now() ? ` locked until ${user.lockedUntil.toISOString()}` : '';
  return `${user.id}  ${user.agencyId}  ${user.login}  "${user.displayName}"  [${user.roles.join(',')}]  ${user.status}${locked}${user.totpEnabledAt ? '  totp' : ''}`;
}

function parseRoles(value: string | undefined): Role[] {
  const given = (value ?? '').split(',').map((role) => role.trim()).filter((role) => role.length > 0);
  const unknown = given.filter((role) => !isRole(role));
  if (given.length === 0 || unknown.length > 0) throw new UsageError(`roles must be one or more of: ${knownRoles.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  return given as Role[];
}

/** 24 random characters: far past the policy's minimum, and shown once for the person to change. */
export function firstPassword(): string {
  return randomBytes(18).toString('base64url');
}

/** The CLI acts as the platform: every agency, and its changes are audited as `cli`'s. */
export const cliAdministration: Administration = { actor: { clientId: 'cli', agencyId: 'platform', crossAgency: true }, agencyId: null };

export interface UsersCommandDeps {
  store: UserStore;
  administration: AccountAdministration;
  hasher: PasswordHasher;
}

/** Runs one command of the accounts CLI, as the platform (every agency), and returns the lines to print. */
export async function runUsersCommand(argv: string[], { store, administration, hasher }: UsersCommandDeps): Promise<string[]> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'create': {
      const { values } = parseArgs({ args: rest, options: { agency: { type: 'string' }, login: { type: 'string' }, name: { type: 'string' }, roles: { type: 'string' } } });
      if (!values.agency || !/^[a-z0-9-]{1,64}$/.test(values.agency) || !values.login || !values.name) {
        throw new UsageError('create needs --agency (lower-case letters, digits and dashes), --login, --name and --roles');
      }
      const roles = parseRoles(values.roles);
      let password = firstPassword();
      while (!checkPassword(password, { login: values.login, displayName: values.name }).ok) password = firstPassword();
      const account = { agencyId: values.agency, login: values.login, displayName: values.name, roles };
      const user = await administration.createWithPassword(cliAdministration, account, await hasher.hash(password));
      if (!user) throw new UsageError(`the login ${values.login} is taken`);
      return [describe(user), '', `first password (shown once, give it to ${values.name}): ${password}`];
    }
    case 'list': {
      const { values } = parseArgs({ args: rest, options: { agency: { type: 'string' } } });
      return (await store.list(values.agency)).map(describe);
    }
    case 'roles': {
      const [login, given] = rest;
      const user = login ? await store.find({ login }, null) : null;
      if (!user) throw new UsageError(`no account ${login ?? ''}`);
      await administration.changeRoles(cliAdministration, user.id, parseRoles(given));
      return [describe((await store.find({ id: user.id }, null))!), 'its sessions were ended'];
    }
    case 'disable': {
      const user = rest[0] ? await store.find({ login: rest[0] }, null) : null;
      if (user?.status !== 'active') throw new UsageError(`no active account ${rest[0] ?? ''}`);
      await administration.disable(cliAdministration, user.id);
      return [describe((await store.find({ id: user.id }, null))!), 'its sessions were ended'];
    }
    default:
      throw new UsageError(usersUsage);
  }
}
