import type { FastifyRequest } from 'fastify';
import { ProblemError } from './problem';

/** Internal headers the gateway sets on reads it forwards; a caller's own values are overwritten. */
export const AGENCY_HEADER = 'x-atalaia-agency-id';
export const CROSS_AGENCY_HEADER = 'x-atalaia-cross-agency';

/** The headers that carry `access` to an owning service. */
export function agencyAccessHeaders(access: { agencyId: string; crossAgency: boolean }): Record<string, string> {
  return { [AGENCY_HEADER]: access.agencyId, [CROSS_AGENCY_HEADER]: String(access.crossAgency) };
}

/**
 * The caller's access (contracts' `AgencyAccess`) as the gateway forwarded it
 * to an owning service. A read without it is refused rather than answered for
 * nobody in particular: the services fail closed.
 */
export function agencyAccessOf(request: FastifyRequest): { agencyId: string; crossAgency: boolean } {
  const agencyId = request.headers[AGENCY_HEADER];
  if (typeof agencyId !== 'string' || agencyId.length === 0) {
    throw new ProblemError(400, 'ACCESS_CONTEXT_REQUIRED', 'The request does not say which agency it acts for', `send ${AGENCY_HEADER}`);
  }
  return { agencyId, crossAgency: request.headers[CROSS_AGENCY_HEADER] === 'true' };
}
