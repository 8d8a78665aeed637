import { readFileSync } from 'node:fs';
import path from 'node:path';
import { messageCatalog } from '../src/message-catalog';
import { actorMayRun, commandPermissions, permissionForCommand, permissions, permissionsOfRoles, rolePermissions, roles, type Permission, type Role } from '../src/permissions';

const commandTypes = Object.entries(messageCatalog)
  .filter(([, entry]) => entry.topic.endsWith('Commands'))
  .map(([type]) => type);

describe('the permission table', () => {
  it('names a permission for every command in the message catalog, and nothing else', () => {
    expect(commandTypes.length).toBeGreaterThan(10);
    for (const type of commandTypes) expect(permissionForCommand(type)).toBeDefined();
    expect(Object.keys(commandPermissions).sort()).toEqual([...commandTypes].sort());
  });

  it('grants only permissions that exist, each role at least one', () => {
    for (const role of roles) {
      expect(rolePermissions[role].length).toBeGreaterThan(0);
      for (const permission of rolePermissions[role]) expect(permissions).toContain(permission);
    }
  });

  // Role × permission, spelled out: a change to the table must change this too.
  const expected: Record<Role, Permission[]> = {
    call_taker: ['occurrences:report', 'read'],
    dispatcher: ['occurrences:progress', 'dispatches:write', 'units:status', 'read'],
    supervisor: ['occurrences:progress', 'occurrences:cancel', 'dispatches:write', 'units:status', 'read'],
    agency_admin: ['units:manage', 'read', 'users:manage', 'api-clients:manage'],
    auditor: ['read', 'audit:read', 'audit:verify'],
    platform_operator: [...permissions],
  };
  it.each(roles.flatMap((role) => permissions.map((permission) => [role, permission] as const)))('%s holds %s only if the table says so', (role, permission) => {
    expect(permissionsOfRoles([role]).includes(permission)).toBe(expected[role].includes(permission));
  });

  it('keeps the cross-agency and operations permissions for the platform operator alone', () => {
    for (const role of roles.filter((candidate) => candidate !== 'platform_operator')) {
      expect(permissionsOfRoles([role])).not.toContain('agencies:all');
      expect(permissionsOfRoles([role])).not.toContain('operations');
    }
  });

  it('gives a supervisor everything a dispatcher has, and cancelling, which a dispatcher lacks', () => {
    expect(permissionsOfRoles(['supervisor'])).toEqual(expect.arrayContaining(permissionsOfRoles(['dispatcher'])));
    expect(permissionsOfRoles(['dispatcher'])).not.toContain('occurrences:cancel');
    expect(permissionsOfRoles(['supervisor'])).toContain('occurrences:cancel');
  });

  it('unites the permissions of several roles, each once, in the table order', () => {
    expect(permissionsOfRoles(['call_taker', 'dispatcher', 'call_taker'])).toEqual(['occurrences:report', 'occurrences:progress', 'dispatches:write', 'units:status', 'read']);
    expect(permissionsOfRoles([])).toEqual([]);
  });
});

describe("the README's role table", () => {
  const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('<!-- role-permissions:start -->'), readme.indexOf('<!-- role-permissions:end -->'));
  const rows = new Map(
    table
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => {
        const [role, granted] = line.split('|').slice(1, 3).map((cell) => cell.trim());
        return [role!.replaceAll('`', ''), granted!] as const;
      }),
  );

  it('has a row for every role and no other', () => {
    expect([...rows.keys()].sort()).toEqual([...roles].sort());
  });

  it.each(roles.filter((role) => role !== 'platform_operator'))('lists exactly what the code grants %s', (role) => {
    const listed = [...rows.get(role)!.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
    expect(listed.sort()).toEqual([...rolePermissions[role]].sort());
  });

  it('says the platform operator holds every permission, as the code grants', () => {
    expect(rows.get('platform_operator')).toMatch(/^every permission/);
    expect(permissionsOfRoles(['platform_operator'])).toEqual([...permissions]);
  });
});

describe('the check where a command is applied (actorMayRun)', () => {
  const actor = { clientId: 'console', agencyId: 'cbm-se' };

  it("decides from a person's roles", () => {
    expect(actorMayRun({ ...actor, userId: 'u1', roles: ['dispatcher'] }, 'occurrence.start')).toBe(true);
    expect(actorMayRun({ ...actor, userId: 'u1', roles: ['dispatcher'] }, 'occurrence.cancel')).toBe(false);
    expect(actorMayRun({ ...actor, userId: 'u1', roles: ['supervisor'] }, 'occurrence.cancel')).toBe(true);
    expect(actorMayRun({ ...actor, userId: 'u1', roles: ['auditor'] }, 'dispatch.create')).toBe(false);
    expect(actorMayRun({ ...actor, userId: 'u1', roles: [] }, 'occurrence.create_or_update')).toBe(false);
  });

  it("decides from an API client's scopes", () => {
    expect(actorMayRun({ ...actor, scopes: ['occurrences:write'] }, 'occurrence.cancel')).toBe(true);
    expect(actorMayRun({ ...actor, scopes: ['read'] }, 'occurrence.cancel')).toBe(false);
    expect(actorMayRun({ ...actor, scopes: ['units:write'] }, 'unit.set_service')).toBe(true);
  });

  it('grants nothing for a role or scope it does not know, so a made-up one cannot escalate', () => {
    expect(actorMayRun({ ...actor, roles: ['chief_of_everything'] }, 'occurrence.cancel')).toBe(false);
    expect(actorMayRun({ ...actor, scopes: ['everything'] }, 'occurrence.cancel')).toBe(false);
  });

  it('leaves an actor with neither roles nor scopes, and messages that are not commands, to the gateway as before', () => {
    expect(actorMayRun(actor, 'occurrence.cancel')).toBe(true);
    expect(actorMayRun(undefined, 'occurrence.cancel')).toBe(true);
    expect(actorMayRun({ ...actor, roles: [] }, 'occurrence.created')).toBe(true);
  });
});
