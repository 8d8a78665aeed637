import { z } from 'zod';

export const dispatchStatuses = ['assigned', 'en_route', 'on_scene', 'closed'] as const;
export const dispatchStatusSchema = z.enum(dispatchStatuses);
export type DispatchStatus = z.infer<typeof dispatchStatusSchema>;

/** Statuses a unit reports through `PATCH /api/dispatches/{id}/status`; closing has its own route. */
export const reportableDispatchStatusSchema = z.enum(['en_route', 'on_scene']);

export const resourceCodeSchema = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Z0-9][A-Z0-9-]*$/, 'an upper-case vehicle or team code, e.g. ABT-12');

export const createDispatchBodySchema = z.strictObject({
  resourceCode: resourceCodeSchema,
  note: z.string().trim().min(1).max(2000).optional(),
});
export const updateDispatchStatusBodySchema = z.strictObject({ status: reportableDispatchStatusSchema });
export const closeDispatchBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(2000).optional() });

export const createDispatchCommandSchema = createDispatchBodySchema.extend({ occurrenceId: z.uuid() });
export const updateDispatchStatusCommandSchema = updateDispatchStatusBodySchema.extend({ dispatchId: z.uuid() });
export const closeDispatchCommandSchema = closeDispatchBodySchema.extend({ dispatchId: z.uuid() });

/** A dispatch (a unit sent to an occurrence) as its owner publishes it. */
export const dispatchSnapshotSchema = z.object({
  id: z.uuid(),
  occurrenceId: z.uuid(),
  agencyId: z.string(),
  resourceCode: z.string(),
  status: dispatchStatusSchema,
  note: z.string().nullable(),
  closeReason: z.string().nullable(),
  version: z.number().int().positive(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  closedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type DispatchSnapshot = z.infer<typeof dispatchSnapshotSchema>;

/** Query of `GET /api/dispatches`: one status, or without it every open (not closed) dispatch. */
export const dispatchListQuerySchema = z.strictObject({
  status: dispatchStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const dispatchStatusChangedSchema = z.object({
  dispatch: dispatchSnapshotSchema,
  previousStatus: dispatchStatusSchema,
});
