import { NFPA_1710_TARGETS, agencyFilterFor, type AgencyAccess, type ResponseTargets, type ResponseTimesQuery, type ResponseTimesReport } from '@atalaia/contracts';
import type { ResponseMilestoneStore } from '../db/response-milestone-store';
import { responseTimeGroups, type TargetsFor } from '../domain/response-times';

/** The most occurrences one report reads: beyond it the answer says `truncated` and covers the earliest reported. */
export const RESPONSE_REPORT_MAX_ROWS = 100_000;

export interface ResponseReportDeps {
  milestones: ResponseMilestoneStore;
  /** `default` and per-agency overrides (config RESPONSE_TARGETS). */
  targets: Record<string, ResponseTargets>;
  maxRows?: number;
}

export function targetsLookup(targets: Record<string, ResponseTargets>): TargetsFor {
  return (agencyId) => targets[agencyId] ?? targets.default ?? NFPA_1710_TARGETS;
}

/**
 * Response-time figures of the occurrences reported in [from, to) that the
 * caller may see: an agency-scoped caller only ever its own agency (asking
 * for another one gives the figures of no occurrence), a cross-agency caller
 * any agency or all of them.
 */
export async function reportResponseTimes(deps: ResponseReportDeps, query: ResponseTimesQuery, access: AgencyAccess): Promise<ResponseTimesReport> {
  const visible = agencyFilterFor(access);
  const targetsFor = targetsLookup(deps.targets);
  const maxRows = deps.maxRows ?? RESPONSE_REPORT_MAX_ROWS;
  const outOfReach = visible !== undefined && query.agencyId !== undefined && query.agencyId !== visible;
  const rows = outOfReach
    ? []
    : await deps.milestones.listReported({
        from: new Date(query.from),
        to: new Date(query.to),
        agencyId: visible ?? query.agencyId,
        type: query.type,
        priority: query.priority,
        limit: maxRows,
      });
  const read = rows.slice(0, maxRows);
  const agencies = [...new Set(read.map((row) => row.agencyId))].sort();
  return {
    from: query.from,
    to: query.to,
    targets: Object.fromEntries([['default', targetsFor('default')], ...agencies.map((agencyId) => [agencyId, targetsFor(agencyId)])]),
    groups: responseTimeGroups(read, query.groupBy, targetsFor),
    truncated: rows.length > maxRows,
  };
}
