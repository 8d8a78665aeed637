import type { Actor, AgencyAccess } from '@atalaia/contracts';

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

export function hasScope(client: ApiClient, scope: ApiScope): boolean {
  return client.scopes.includes(scope);
}

export function isApiScope(value: string): value is ApiScope {
  return (apiScopes as readonly string[]).includes(value);
}
