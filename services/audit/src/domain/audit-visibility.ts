import { canAccessAgency, type AgencyAccess } from '@atalaia/contracts';

/**
 * Whether `access` sees an entry of `ownerAgencyId`'s trail. Entries recorded
 * before owners were stored belong to no agency: only cross-agency access sees them.
 */
export function canSeeEntry(access: AgencyAccess, ownerAgencyId: string | null | undefined): boolean {
  return ownerAgencyId ? canAccessAgency(access, ownerAgencyId) : access.crossAgency;
}

/** The owner a trail read must filter on: the caller's agency, or none with cross-agency access. */
export function ownerFilterOf(access: AgencyAccess): string | undefined {
  return access.crossAgency ? undefined : access.agencyId;
}
