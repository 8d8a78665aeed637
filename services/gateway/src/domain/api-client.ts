import { permissions as allPermissions, type Actor, type AgencyAccess, type Permission } from '@atalaia/contracts';

/**
 * What a client may do. `agencies:all` is the fire and rescue operators'
 * cross-agency scope: it widens what the other scopes reach from the client's
 * own agency to every agency. `operations` reads the pipeline's health (outbox,
 * consumer lag, dead letters, whose messages belong to every agency) and
 * re-drives dead letters. Neither is granted unless asked for.
 */
export const apiScopes = ['occurrences:write', 'dispatches:write', 'units:write', 'read', 'audit:read', 'agencies:all', 'operations'] as const;
export type ApiScope = (typeof apiScopes)[number];
export const CROSS_AGENCY_SCOPE = 'agencies:all' satisfies ApiScope;
export const OPERATIONS_SCOPE = 'operations' satisfies ApiScope;
/** Scopes that reach beyond the client's own agency: only ever granted by name. */
const installationScopes: readonly ApiScope[] = [CROSS_AGENCY_SCOPE, OPERATIONS_SCOPE];
/** The scopes a new client gets when none are named: everything within its own agency. */
export const agencyScopes: readonly ApiScope[] = apiScopes.filter((scope) => !installationScopes.includes(scope));

/** An authenticated caller: an API client acting for one agency, with what it may do. */
export interface ApiClient {
  id: string;
  agencyId: string;
  scopes: readonly ApiScope[];
  /** Requests per minute; null means the gateway's default. */
  rateLimitPerMinute: number | null;
}

export function accessOf(client: ApiClient): AgencyAccess {
  return { agencyId: client.agencyId, crossAgency: hasScope(client, CROSS_AGENCY_SCOPE) };
}

/** The actor every command carries; services decide ownership from it in the transaction that applies it. */
export function actorOf(client: ApiClient): Actor {
  return hasScope(client, CROSS_AGENCY_SCOPE)
    ? { clientId: client.id, agencyId: client.agencyId, crossAgency: true }
    : { clientId: client.id, agencyId: client.agencyId };
}

/**
 * What each scope grants, in the terms of the permission table
 * (`@atalaia/contracts` permissions.ts) that routes and services check. The
 * scopes are what API clients have always held; people hold roles instead.
 */
export const scopePermissions: Readonly<Record<ApiScope, readonly Permission[]>> = {
  'occurrences:write': ['occurrences:report', 'occurrences:progress', 'occurrences:cancel'],
  'dispatches:write': ['dispatches:write'],
  'units:write': ['units:manage', 'units:status'],
  read: ['read'],
  'audit:read': ['audit:read', 'audit:verify'],
  'agencies:all': ['agencies:all'],
  operations: ['operations'],
};

/** The permissions `client` holds, in the table's order. */
export function permissionsOf(client: ApiClient): Permission[] {
  const granted = new Set(client.scopes.flatMap((scope) => scopePermissions[scope]));
  return allPermissions.filter((permission) => granted.has(permission));
}

export function hasPermission(client: ApiClient, permission: Permission): boolean {
  return client.scopes.some((scope) => scopePermissions[scope].includes(permission));
}

/** The scopes that grant `permission`: what a refusal tells an API client to ask for. */
export function scopesGranting(permission: Permission): ApiScope[] {
  return apiScopes.filter((scope) => scopePermissions[scope].includes(permission));
}

export function hasScope(client: ApiClient, scope: ApiScope): boolean {
  return client.scopes.includes(scope);
}

export function isApiScope(value: string): value is ApiScope {
  return (apiScopes as readonly string[]).includes(value);
}
