import { isRole, roles, type Role } from '@atalaia/contracts';
import { installationRoles } from './account-grants';

/** Claim value → roles. A value that is a role's own name (`dispatcher`) needs no entry. */
export type RoleMapping = Readonly<Record<string, readonly string[]>>;

/**
 * The value at `path` in the claims: a top-level claim (`roles`, `groups`)
 * or a dotted path into nested ones, as Keycloak puts realm roles in
 * `realm_access.roles`. A claim holding a full stop in its own name is found too.
 */
export function claimAt(claims: Readonly<Record<string, unknown>>, path: string): unknown {
  if (path in claims) return claims[path];
  return path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), claims);
}

/**
 * The roles a provider's claims give a person of an agency, each once, in
 * the table's order: every value of the claim (a string or a list of them)
 * through the mapping, or as a role name. An agency's own provider never
 * grants an installation role, whatever it says: that reach is the platform's.
 */
export function rolesFromClaims(claims: Readonly<Record<string, unknown>>, rolesClaim: string, mapping: RoleMapping): Role[] {
  const value = claimAt(claims, rolesClaim);
  const values = (Array.isArray(value) ? value : [value]).filter((item): item is string => typeof item === 'string');
  const granted = new Set(values.flatMap((item) => mapping[item] ?? [item]).filter(isRole));
  return roles.filter((role) => granted.has(role) && !installationRoles.includes(role));
}
