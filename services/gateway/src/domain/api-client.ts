import { apiScopes, isApiScope, permissionsOfRoles, permissionsOfScopes, scopePermissions, type Actor, type AgencyAccess, type ApiScope, type Permission, type Role } from '@atalaia/contracts';

/**
 * What a client may do: its scopes, each standing for permissions of the
 * table (`scopePermissions` in @atalaia/contracts). `agencies:all` is the fire
 * and rescue operators' cross-agency scope: it widens what the other scopes
 * reach from the client's own agency to every agency. `operations` reads the
 * pipeline's health (outbox, consumer lag, dead letters, whose messages belong
 * to every agency) and re-drives dead letters. Neither is granted unless asked for.
 */
export { apiScopes, isApiScope, scopePermissions, type ApiScope };
export const CROSS_AGENCY_SCOPE = 'agencies:all' satisfies ApiScope;
export const OPERATIONS_SCOPE = 'operations' satisfies ApiScope;
/** Scopes that reach beyond the client's own agency: only ever granted by name. */
const installationScopes: readonly ApiScope[] = [CROSS_AGENCY_SCOPE, OPERATIONS_SCOPE];
/** The scopes a new client gets when none are named: everything within its own agency. */
export const agencyScopes: readonly ApiScope[] = apiScopes.filter((scope) => !installationScopes.includes(scope));

/** The person behind a console session: what they may do comes from their roles, read from their account on every request. */
export interface Person {
  userId: string;
  displayName: string;
  roles: readonly Role[];
  /** Whether sign-in asks this person for a TOTP code: what the console's account page starts from. */
  secondFactor: boolean;
}

/**
 * An authenticated caller acting for one agency, with what it may do: an API
 * client (its scopes), or a person signed in to the console (`person`, whose
 * roles decide; `scopes` is then empty and `id` is `user:<userId>`, the key of
 * their commands, idempotency keys and rate limit).
 */
export interface ApiClient {
  id: string;
  agencyId: string;
  scopes: readonly ApiScope[];
  /** Requests per minute; null means the gateway's default. */
  rateLimitPerMinute: number | null;
  person?: Person;
}

/** The client id a person acts under: their commands, idempotency keys, rate limit and session rows. */
export function personClientId(userId: string): string {
  return `user:${userId}`;
}

export function personClient(person: Person, agencyId: string): ApiClient {
  return { id: personClientId(person.userId), agencyId, scopes: [], rateLimitPerMinute: null, person };
}

export function accessOf(client: ApiClient): AgencyAccess {
  return { agencyId: client.agencyId, crossAgency: hasPermission(client, CROSS_AGENCY_SCOPE) };
}

/** The actor every command carries; services decide ownership from it in the transaction that applies it. */
export function actorOf(client: ApiClient): Actor {
  const held = client.person
    ? { userId: client.person.userId, userName: client.person.displayName, roles: [...client.person.roles] }
    : { scopes: [...client.scopes] };
  return hasPermission(client, CROSS_AGENCY_SCOPE)
    ? { clientId: client.id, agencyId: client.agencyId, crossAgency: true, ...held }
    : { clientId: client.id, agencyId: client.agencyId, ...held };
}

/** The permissions `client` holds, in the table's order. */
export function permissionsOf(client: ApiClient): Permission[] {
  return client.person ? permissionsOfRoles(client.person.roles) : permissionsOfScopes(client.scopes);
}

export function hasPermission(client: ApiClient, permission: Permission): boolean {
  return client.person ? permissionsOfRoles(client.person.roles).includes(permission) : client.scopes.some((scope) => scopePermissions[scope].includes(permission));
}

/** The scopes that grant `permission`: what a refusal tells an API client to ask for. */
export function scopesGranting(permission: Permission): ApiScope[] {
  return apiScopes.filter((scope) => scopePermissions[scope].includes(permission));
}

export function hasScope(client: ApiClient, scope: ApiScope): boolean {
  return client.scopes.includes(scope);
}

