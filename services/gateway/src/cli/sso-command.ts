import { parseArgs } from 'node:util';
import { isRole, roles as knownRoles } from '@atalaia/contracts';
import type { IdentityProviderRecord, SingleSignOnStore } from '../db/single-sign-on-store';
import type { RoleMapping } from '../domain/claim-roles';
import { UsageError } from './api-clients-command';

export const ssoUsage = `usage: npm run sso -- <command>
  set --agency <id> --name "<shown on the sign-in page>" --issuer <url> --client-id <id> --client-secret <secret>
      [--roles-claim <claim, default roles; a dotted path reaches nested claims, e.g. realm_access.roles>]
      [--map "<claim value>=<role>[+<role>…],…"]     claim values that are not role names
  list
  remove --agency <id>
The provider must know the redirect URI <PUBLIC_URL>/api/sso/callback. Roles: ${knownRoles.filter((role) => role !== 'platform_operator').join(', ')}.`;

/** `"Central=call_taker+dispatcher,Chefes=supervisor"` → the mapping; every role must be one of the table's. */
export function parseRoleMapping(value: string | undefined): RoleMapping {
  const mapping: Record<string, string[]> = {};
  for (const entry of (value ?? '').split(',').map((item) => item.trim()).filter(Boolean)) {
    const separator = entry.lastIndexOf('=');
    const claimValue = entry.slice(0, separator).trim();
    const roles = entry.slice(separator + 1).split('+').map((role) => role.trim());
    if (separator <= 0 || roles.some((role) => !isRole(role))) throw new UsageError(`--map entries are "<claim value>=<role>[+<role>…]" with roles among: ${knownRoles.join(', ')} (got "${entry}")`);
    mapping[claimValue] = roles;
  }
  return mapping;
}

function describe(provider: IdentityProviderRecord): string {
  const mapping = Object.entries(provider.roleMapping).map(([value, roles]) => `${value}=${roles.join('+')}`).join(',');
  return `${provider.agencyId}  "${provider.displayName}"  ${provider.issuer}  client ${provider.clientId}  claim ${provider.rolesClaim}${mapping ? `  map ${mapping}` : ''}`;
}

/** Runs one command of the single sign-on CLI (the platform's: it configures any agency) and returns the lines to print. */
export async function runSsoCommand(argv: string[], store: SingleSignOnStore): Promise<string[]> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'set': {
      const { values } = parseArgs({
        args: rest,
        options: {
          agency: { type: 'string' },
          name: { type: 'string' },
          issuer: { type: 'string' },
          'client-id': { type: 'string' },
          'client-secret': { type: 'string' },
          'roles-claim': { type: 'string' },
          map: { type: 'string' },
        },
      });
      if (!values.agency || !/^[a-z0-9-]{1,64}$/.test(values.agency) || !values.name || !values.issuer || !values['client-id'] || !values['client-secret']) {
        throw new UsageError(ssoUsage);
      }
      if (!URL.canParse(values.issuer)) throw new UsageError(`--issuer must be the provider's URL (got ${values.issuer})`);
      const provider: IdentityProviderRecord = {
        agencyId: values.agency,
        displayName: values.name,
        issuer: values.issuer,
        clientId: values['client-id'],
        clientSecret: values['client-secret'],
        rolesClaim: values['roles-claim'] ?? 'roles',
        roleMapping: parseRoleMapping(values.map),
      };
      await store.saveProvider(provider);
      return [describe(provider)];
    }
    case 'list':
      return (await store.providers()).map(describe);
    case 'remove': {
      const { values } = parseArgs({ args: rest, options: { agency: { type: 'string' } } });
      if (!values.agency || !(await store.removeProvider(values.agency))) throw new UsageError(`no single sign-on for agency ${values.agency ?? ''}`);
      return [`${values.agency}: single sign-on removed; its people's accounts stay, and sign in again once it is set`];
    }
    default:
      throw new UsageError(ssoUsage);
  }
}
