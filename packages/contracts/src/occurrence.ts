import { z } from 'zod';
import { occurrenceLocationSchema, occurrenceLocationSnapshotSchema, occurrencePrioritySchema } from './place';

export const occurrenceStatuses = ['reported', 'in_progress', 'resolved', 'cancelled'] as const;
export const occurrenceStatusSchema = z.enum(occurrenceStatuses);
export type OccurrenceStatus = z.infer<typeof occurrenceStatusSchema>;

/** Body of `POST /api/integrations/occurrences`, as agencies send it (seed-compatible). */
export const occurrenceIntakeSchema = z.strictObject({
  externalId: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:\/-]*$/, 'letters, digits and . _ : / - only'),
  type: z
    .string()
    .min(2)
    .max(64)
    .regex(/^[a-z][a-z0-9_]*$/, 'a snake_case occurrence type code, e.g. incendio_urbano'),
  description: z.string().trim().min(1).max(5000),
  reportedAt: z.iso.datetime({ offset: true }),
  /** Optional; without it the seed's payload is accepted as it always was. */
  location: occurrenceLocationSchema.optional(),
  /** Optional, EIDO's 0 (least urgent) to 10 (most urgent). */
  priority: occurrencePrioritySchema.optional(),
});
export type OccurrenceIntake = z.infer<typeof occurrenceIntakeSchema>;

/** The occurrence as its owner publishes it in events and read APIs. */
export const occurrenceSnapshotSchema = z.object({
  id: z.uuid(),
  agencyId: z.string(),
  externalId: z.string(),
  type: z.string(),
  description: z.string(),
  status: occurrenceStatusSchema,
  reportedAt: z.iso.datetime({ offset: true }),
  /** When the gateway accepted the intake that created it; null for occurrences recorded before it was kept. */
  acceptedAt: z.iso.datetime({ offset: true }).nullable().default(null),
  /** Where it is; null when the agency sent no place (and in events published before places were kept). */
  location: occurrenceLocationSnapshotSchema.nullable().default(null),
  priority: occurrencePrioritySchema.nullable().default(null),
  /** Why it was cancelled, or the resolution note. */
  statusReason: z.string().nullable(),
  startedAt: z.iso.datetime({ offset: true }).nullable(),
  closedAt: z.iso.datetime({ offset: true }).nullable(),
  version: z.number().int().positive(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type OccurrenceSnapshot = z.infer<typeof occurrenceSnapshotSchema>;

const noteSchema = z.string().trim().min(1).max(2000);

/** Bodies of the lifecycle routes; start and resolve may be sent without a body. */
export const startOccurrenceBodySchema = z.strictObject({ note: noteSchema.optional() });
export const resolveOccurrenceBodySchema = z.strictObject({ note: noteSchema.optional() });
export const cancelOccurrenceBodySchema = z.strictObject({ reason: noteSchema });

export const occurrenceLifecycleCommandSchema = z.object({
  occurrenceId: z.uuid(),
  note: noteSchema.optional(),
  reason: noteSchema.optional(),
});
export type OccurrenceLifecycleCommand = z.infer<typeof occurrenceLifecycleCommandSchema>;

export const occurrenceStatusChangedSchema = z.object({
  occurrence: occurrenceSnapshotSchema,
  previousStatus: occurrenceStatusSchema,
});

/** Query of `GET /api/occurrences`. The time range is half-open: reportedFrom ≤ reportedAt < reportedTo. */
export const occurrenceListQuerySchema = z.strictObject({
  status: occurrenceStatusSchema.optional(),
  type: z.string().regex(/^[a-z][a-z0-9_]*$/).max(64).optional(),
  agencyId: z.string().min(1).max(64).optional(),
  externalId: z.string().min(1).max(100).optional(),
  reportedFrom: z.iso.datetime({ offset: true }).optional(),
  reportedTo: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

/** Query of `GET /api/occurrences/counts`: the list's filters that do not fix the status (a count per status is the answer). */
export const occurrenceCountsQuerySchema = occurrenceListQuerySchema.pick({ type: true, agencyId: true, reportedFrom: true, reportedTo: true });
