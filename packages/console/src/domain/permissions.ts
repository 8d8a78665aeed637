import type { Problem, Session } from './types';

/**
 * What a session may do, as `GET /api/session` lists it in
 * `client.permissions` (packages/contracts permissions.ts): a person's roles
 * or an API client's scopes, already turned into permissions by the gateway.
 * The console offers an action only when the session holds its permission;
 * the gateway and the services still decide.
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

/** The people who work in the console; an account holds one or more. */
export const roles = ['call_taker', 'dispatcher', 'supervisor', 'agency_admin', 'auditor', 'platform_operator'] as const;
export type Role = (typeof roles)[number];

export const hasPermission = (session: Pick<Session, 'client'>, permission: Permission): boolean => session.client.permissions.includes(permission);

export const isPermission = (value: string): value is Permission => (permissions as readonly string[]).includes(value);

/** The permission a 403 INSUFFICIENT_SCOPE names in its detail ("requires permission X (scope Y)"), when it names one. */
export function requiredPermissionOf(problem: Problem): Permission | undefined {
  if (problem.code !== 'INSUFFICIENT_SCOPE') return undefined;
  const named = /requires permission ([a-z:-]+)/.exec(problem.detail ?? '')?.[1];
  return named !== undefined && isPermission(named) ? named : undefined;
}
