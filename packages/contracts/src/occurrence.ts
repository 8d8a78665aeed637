import { z } from 'zod';

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
  version: z.number().int().positive(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type OccurrenceSnapshot = z.infer<typeof occurrenceSnapshotSchema>;
