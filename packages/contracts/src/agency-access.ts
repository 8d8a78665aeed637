import type { Actor } from './envelope';

/**
 * What a caller may see and change: its own agency's data, or every agency's
 * when it holds the explicit cross-agency scope. Services decide with it where
 * the data lives, in the transaction that applies the effect.
 */
export interface AgencyAccess {
  agencyId: string;
  crossAgency: boolean;
}

/** Whether `access` reaches data owned by `ownerAgencyId`. Anything it does not reach must look unknown (404). */
export function canAccessAgency(access: AgencyAccess, ownerAgencyId: string): boolean {
  return access.crossAgency || access.agencyId === ownerAgencyId;
}

/** The access a command carries: its actor's agency, cross-agency only when the actor says so. */
export function accessOfActor(actor: Actor | undefined): AgencyAccess | null {
  return actor ? { agencyId: actor.agencyId, crossAgency: actor.crossAgency === true } : null;
}

/** `record` if `access` reaches it, else null: data of another agency is indistinguishable from data that does not exist. */
export function reachableBy<T extends { agencyId: string }>(record: T | null, access: AgencyAccess | null): T | null {
  return record && access && canAccessAgency(access, record.agencyId) ? record : null;
}

/** The owner-agency condition a list query must add: the caller's own agency, or none with cross-agency access. */
export function agencyFilterFor(access: AgencyAccess): string | undefined {
  return access.crossAgency ? undefined : access.agencyId;
}
