import type { Actor } from '@atalaia/contracts';

export const apiScopes = ['occurrences:write', 'dispatches:write', 'read', 'audit:read'] as const;
export type ApiScope = (typeof apiScopes)[number];

/** An authenticated caller: an API client acting for one agency, with what it may do. */
export interface ApiClient {
  id: string;
  agencyId: string;
  scopes: readonly ApiScope[];
  /** Requests per minute; null means the gateway's default. */
  rateLimitPerMinute: number | null;
}

export function actorOf(client: ApiClient): Actor {
  return { clientId: client.id, agencyId: client.agencyId };
}

export function hasScope(client: ApiClient, scope: ApiScope): boolean {
  return client.scopes.includes(scope);
}

export function isApiScope(value: string): value is ApiScope {
  return (apiScopes as readonly string[]).includes(value);
}
