import { z } from 'zod';
import { actorSchema } from './envelope';

/** One audited state change, emitted by the service that made it, in the same transaction. */
export const auditEntryDataSchema = z.object({
  action: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/),
  aggregateType: z.string(),
  aggregateId: z.string(),
  /** The agency that owns the aggregate: whose trail this entry belongs to (the actor may be another agency's operator). */
  ownerAgencyId: z.string().min(1),
  actor: actorSchema,
  commandId: z.uuid().optional(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  occurredAt: z.iso.datetime({ offset: true }),
});
export type AuditEntryData = z.infer<typeof auditEntryDataSchema>;

/**
 * Query of `GET /api/audit`, a keyset page at a time: one aggregate's trail, one
 * person's entries (`userId`, the actor's account), or that person's entries on
 * that aggregate. Naming neither is refused: the trail is read by aggregate or
 * by person, never as a whole (the verification walks it whole, server-side).
 */
export const auditTrailQuerySchema = z
  .strictObject({
    aggregateType: z.string().regex(/^[a-z_]{1,64}$/).optional().describe('occurrence or dispatch; with aggregateId'),
    aggregateId: z.string().min(1).max(200).optional().describe('with aggregateType'),
    userId: z.uuid().optional().describe("only the entries of this person's account (actor.userId)"),
    limit: z.coerce.number().int().min(1).max(500).default(100).describe('entries per page'),
    cursor: z.string().max(200).optional().describe("the previous page's nextCursor"),
  })
  .refine((query) => (query.aggregateType === undefined) === (query.aggregateId === undefined), {
    message: 'name an aggregate with both aggregateType and aggregateId',
  })
  .refine((query) => [query.aggregateType, query.aggregateId, query.userId].some((value) => value !== undefined), {
    message: 'name an aggregate (aggregateType and aggregateId), a userId, or both',
  });
export type AuditTrailQuery = z.infer<typeof auditTrailQuerySchema>;
