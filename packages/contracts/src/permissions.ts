import type { Actor } from './envelope';
import type { MessageType } from './message-catalog';

/**
 * What a caller may do, finer than an API client's scopes: the gateway checks
 * a route's permission, and the services check a command's permission again
 * from the actor the command carries, where the data lives.
 *
 * `agencies:all` widens what the others reach from the caller's own agency to
 * every agency; `operations` reads the pipeline's health and re-drives dead
 * letters. Both belong to the platform operator only.
 */
export const permissions = [
  'occurrences:report',
  'occurrences:progress',
  'occurrences:cancel',
  'dispatches:write',
  'units:status',
  'units:manage',
  'read',
  'audit:read',
  'audit:verify',
  'users:manage',
  'api-clients:manage',
  'operations',
  'agencies:all',
] as const;
export type Permission = (typeof permissions)[number];

/** The people who work in the console. An account holds one or more. */
export const roles = ['call_taker', 'dispatcher', 'supervisor', 'agency_admin', 'auditor', 'platform_operator'] as const;
export type Role = (typeof roles)[number];

const dispatcherPermissions: readonly Permission[] = ['read', 'occurrences:progress', 'dispatches:write', 'units:status'];

/**
 * The one role table: the README's "Roles and permissions" table is this,
 * and a test keeps the two equal. A supervisor does everything a dispatcher
 * does, and cancels.
 */
export const rolePermissions: Readonly<Record<Role, readonly Permission[]>> = {
  call_taker: ['read', 'occurrences:report'],
  dispatcher: dispatcherPermissions,
  supervisor: [...dispatcherPermissions, 'occurrences:cancel'],
  agency_admin: ['read', 'users:manage', 'units:manage', 'api-clients:manage'],
  auditor: ['read', 'audit:read', 'audit:verify'],
  platform_operator: [...permissions],
};

/** The permission each command needs, checked at the gateway and again by the service that applies it. */
export const commandPermissions = {
  'occurrence.create_or_update': 'occurrences:report',
  'occurrence.start': 'occurrences:progress',
  'occurrence.resolve': 'occurrences:progress',
  'occurrence.cancel': 'occurrences:cancel',
  'dispatch.create': 'dispatches:write',
  'dispatch.update_status': 'dispatches:write',
  'dispatch.close': 'dispatches:write',
  'unit.register': 'units:manage',
  'unit.import': 'units:manage',
  'unit.update': 'units:manage',
  'unit.retire': 'units:manage',
  'unit.set_service': 'units:status',
} as const satisfies Partial<Record<MessageType, Permission>>;
export type CommandType = keyof typeof commandPermissions;

/** What each API client scope grants: API clients hold scopes, people hold roles. */
export const apiScopes = ['occurrences:write', 'dispatches:write', 'units:write', 'read', 'audit:read', 'agencies:all', 'operations'] as const;
export type ApiScope = (typeof apiScopes)[number];
export const scopePermissions: Readonly<Record<ApiScope, readonly Permission[]>> = {
  'occurrences:write': ['occurrences:report', 'occurrences:progress', 'occurrences:cancel'],
  'dispatches:write': ['dispatches:write'],
  'units:write': ['units:manage', 'units:status'],
  read: ['read'],
  'audit:read': ['audit:read', 'audit:verify'],
  'agencies:all': ['agencies:all'],
  operations: ['operations'],
};

export function isApiScope(value: string): value is ApiScope {
  return (apiScopes as readonly string[]).includes(value);
}

/** Every permission any of `held` grants (unknown scopes grant nothing), each once, in the table's order. */
export function permissionsOfScopes(held: readonly string[]): Permission[] {
  const granted = new Set(held.filter(isApiScope).flatMap((scope) => scopePermissions[scope]));
  return permissions.filter((permission) => granted.has(permission));
}

/**
 * Whether the actor a command carries may run it, decided where the command
 * is applied: from a person's roles or a client's scopes, so that a command
 * put on a topic by any other path cannot do more than the actor it names.
 * An actor with neither (commands accepted before actors carried them, and
 * the platform's own) is decided as before, by the gateway alone.
 */
export function actorMayRun(actor: Actor | undefined, commandType: string): boolean {
  const needed = permissionForCommand(commandType);
  if (!needed || !actor || (actor.roles === undefined && actor.scopes === undefined)) return true;
  const held = [...permissionsOfRoles((actor.roles ?? []).filter(isRole)), ...permissionsOfScopes(actor.scopes ?? [])];
  return held.includes(needed);
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** Every permission any of `held` grants, each once, in the table's order. */
export function permissionsOfRoles(held: readonly Role[]): Permission[] {
  const granted = new Set(held.flatMap((role) => rolePermissions[role]));
  return permissions.filter((permission) => granted.has(permission));
}

export function permissionForCommand(type: string): Permission | undefined {
  return (commandPermissions as Record<string, Permission>)[type];
}
