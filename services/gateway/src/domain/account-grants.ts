import type { Role } from '@atalaia/contracts';

/** Roles that reach beyond one agency: only someone who already holds every agency grants them. */
export const installationRoles: readonly Role[] = ['platform_operator'];

/** Who administers accounts: a person or client with `users:manage`, or the CLI (the platform). */
export interface AccountAdministrator {
  /** The agency whose accounts it administers; null for every agency (`agencies:all`, the CLI). */
  agencyId: string | null;
  /** The administrator's own account, when a person: they cannot disable it or change its roles. */
  ownUserId?: string;
}

export type GrantRefusal = 'installation_role' | 'own_account';

/**
 * Whether `administrator` may give an account `roles` or change an account
 * that holds `targetRoles` (pass [] when creating). An agency administrator
 * grants every agency role, as a GitHub organisation owner does, but neither
 * grants an installation role nor touches an account that holds one; nobody
 * changes their own roles or disables themselves, so an agency is never left
 * without its administrator by a slip.
 */
export function grantRefusal(
  administrator: AccountAdministrator,
  change: { roles?: readonly Role[]; targetRoles: readonly Role[]; targetUserId?: string },
): GrantRefusal | null {
  if (change.targetUserId !== undefined && change.targetUserId === administrator.ownUserId) return 'own_account';
  const touchesInstallation = [...(change.roles ?? []), ...change.targetRoles].some((role) => installationRoles.includes(role));
  return touchesInstallation && administrator.agencyId !== null ? 'installation_role' : null;
}
