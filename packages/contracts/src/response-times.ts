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

/**
 * Upper bounds (seconds) of the report's histogram buckets and of the
 * `atalaia_response_interval_seconds` Prometheus histogram; the report adds an
 * overflow bucket (`upToSeconds: null`, +Inf).
 */
export const RESPONSE_HISTOGRAM_BUCKETS = [30, 60, 80, 120, 180, 240, 300, 480, 600, 900, 1200, 1800] as const;

const seconds = z.number().min(0);
export const responseIntervalFiguresSchema = z.object({
  count: z.number().int().min(0).describe('occurrences with both ends of the interval'),
  p50Seconds: seconds.nullable().describe('nearest-rank median; null when count is 0'),
  p90Seconds: seconds.nullable().describe('nearest-rank 90th percentile; null when count is 0'),
  targetSeconds: seconds.nullable().describe('turnout and travel only; null when the group mixes agencies with different targets'),
  meetingTarget: z.number().min(0).max(1).nullable().describe('share of counted occurrences within their agency target; null when count is 0 or there is no target'),
  histogram: z
    .array(z.object({ upToSeconds: seconds.nullable().describe('null: the overflow bucket'), count: z.number().int().min(0) }))
    .describe('per bucket, not cumulative: upToSeconds of the previous bucket < value ≤ upToSeconds'),
});
export type ResponseIntervalFigures = z.infer<typeof responseIntervalFiguresSchema>;

export const responseTimesGroupSchema = z.object({
  agencyId: z.string().nullable(),
  type: z.string().nullable(),
  priority: z.number().int().nullable(),
  occurrences: z.number().int().min(0),
  intervals: z.object({
    callProcessing: responseIntervalFiguresSchema,
    turnout: responseIntervalFiguresSchema,
    travel: responseIntervalFiguresSchema,
    onScene: responseIntervalFiguresSchema,
  } satisfies Record<ResponseInterval, z.ZodType>),
});
export type ResponseTimesGroup = z.infer<typeof responseTimesGroupSchema>;

/** Answer of `GET /api/reports/response-times`. */
export const responseTimesReportSchema = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  /** The targets in force: `default` and every agency of the report. */
  targets: z.record(z.string(), responseTargetsSchema),
  groups: z.array(responseTimesGroupSchema),
  /** True when the period held more occurrences than one report reads: the figures cover the earliest reported of them. */
  truncated: z.boolean(),
});
export type ResponseTimesReport = z.infer<typeof responseTimesReportSchema>;
