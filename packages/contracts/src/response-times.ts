import { z } from 'zod';

/**
 * The milestones of an occurrence's response, in order, and the intervals
 * between them (NFPA 1710 names):
 *   reported ──call processing──▶ first unit assigned ──turnout──▶ first en route
 *     ──travel──▶ first on scene ──on scene──▶ resolved or cancelled
 * `accepted` (the gateway accepted the intake) sits between reported and
 * assigned and is reported, not an interval of its own.
 */
export const responseIntervals = ['callProcessing', 'turnout', 'travel', 'onScene'] as const;
export type ResponseInterval = (typeof responseIntervals)[number];

/** Query of `GET /api/reports/response-times`: occurrences reported in [from, to). */
export const responseTimesQuerySchema = z.strictObject({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  agencyId: z.string().min(1).max(64).optional(),
  type: z.string().regex(/^[a-z][a-z0-9_]*$/).max(64).optional(),
  priority: z.coerce.number().int().min(0).max(10).optional(),
  /** How the figures are grouped; `none` gives one group for the whole period. */
  groupBy: z.enum(['none', 'agency', 'type', 'priority', 'agency_type_priority']).default('agency_type_priority'),
});
export type ResponseTimesQuery = z.infer<typeof responseTimesQuerySchema>;

/** Per-agency targets, seconds at the 90th percentile (NFPA 1710 defaults: turnout 80 s, travel 240 s). */
export const responseTargetsSchema = z.object({
  turnoutSeconds: z.number().positive(),
  travelSeconds: z.number().positive(),
});
export type ResponseTargets = z.infer<typeof responseTargetsSchema>;
export const NFPA_1710_TARGETS: ResponseTargets = { turnoutSeconds: 80, travelSeconds: 240 };
