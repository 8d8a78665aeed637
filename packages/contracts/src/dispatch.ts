import { z } from 'zod';
import { unitCodeSchema } from './units';

export const dispatchStatuses = ['assigned', 'en_route', 'on_scene', 'closed'] as const;
export const dispatchStatusSchema = z.enum(dispatchStatuses);
export type DispatchStatus = z.infer<typeof dispatchStatusSchema>;

/** Statuses a unit reports through `PATCH /api/dispatches/{id}/status`; closing has its own route. */
export const reportableDispatchStatusSchema = z.enum(['en_route', 'on_scene']);

/** A unit's code; dispatches before the units registry named their unit by it alone (`resourceCode`). */
export const resourceCodeSchema = unitCodeSchema;

const dispatchNoteSchema = z.string().trim().min(1).max(2000);

/**
 * Which registered unit to send: its id (any agency's, for mutual aid with
 * cross-agency access), or its code within the occurrence's agency.
 * `resourceCode` is the code under its pre-registry name, still accepted.
 */
export const createDispatchBodySchema = z
  .strictObject({
    unitId: z.uuid().optional(),
    unitCode: unitCodeSchema.optional(),
    resourceCode: resourceCodeSchema.optional(),
    note: dispatchNoteSchema.optional(),
  })
  .refine((body) => [body.unitId, body.unitCode, body.resourceCode].filter((value) => value !== undefined).length === 1, {
    message: 'name the unit once: unitId, or unitCode (resourceCode is its older name)',
  });
export const updateDispatchStatusBodySchema = z.strictObject({ status: reportableDispatchStatusSchema });
export const closeDispatchBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(2000).optional() });

/** The command the gateway sends: `unitCode` (or, in commands accepted before the registry, `resourceCode`) is resolved in the occurrence's agency. */
export const createDispatchCommandSchema = z.object({
  occurrenceId: z.uuid(),
  unitId: z.uuid().optional(),
  unitCode: unitCodeSchema.optional(),
  resourceCode: resourceCodeSchema.optional(),
  note: dispatchNoteSchema.optional(),
});
export const updateDispatchStatusCommandSchema = updateDispatchStatusBodySchema.extend({ dispatchId: z.uuid() });
export const closeDispatchCommandSchema = closeDispatchBodySchema.extend({ dispatchId: z.uuid() });

/** A dispatch (a unit sent to an occurrence) as its owner publishes it. */
export const dispatchSnapshotSchema = z.object({
  id: z.uuid(),
  occurrenceId: z.uuid(),
  agencyId: z.string(),
  /** The registered unit; null only in events published before the units registry. */
  unitId: z.uuid().nullable().default(null),
  /** The unit's code (its name before the registry). */
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
