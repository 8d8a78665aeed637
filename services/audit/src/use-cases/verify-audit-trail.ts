import type { AgencyAccess } from '@atalaia/contracts';
import type { AuditTrail } from '../db/audit-trail';
import { ChainVerifier, type ChainVerification } from '../domain/audit-chain';
import { canSeeEntry } from '../domain/audit-visibility';

export const VERIFICATION_PAGE_SIZE = 1000;

export type AuditTrailVerification = ChainVerification & { checkedAt: string };

/**
 * Re-walks the whole platform-wide chain — one chain, so every entry is checked
 * whoever asks — but the figures count only the entries `access` may see.
 * `checkedAt` is when the walk began: it covers the chain as it stood then.
 */
export async function verifyAuditTrail(
  trail: AuditTrail,
  access: AgencyAccess,
  pageSize = VERIFICATION_PAGE_SIZE,
): Promise<AuditTrailVerification> {
  const checkedAt = new Date().toISOString();
  const verifier = new ChainVerifier((entry) => canSeeEntry(access, entry.content.ownerAgencyId));
  for await (const page of trail.chainPages(pageSize)) {
    if (!verifier.check(page)) break;
  }
  return { ...verifier.result(), checkedAt };
}
