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

/** Query of `GET /api/audit`: one aggregate's trail, a keyset page at a time. */
export const auditTrailQuerySchema = z.strictObject({
  aggregateType: z.string().regex(/^[a-z_]{1,64}$/).describe('occurrence or dispatch'),
  aggregateId: z.string().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(500).default(100).describe('entries per page'),
  cursor: z.string().max(200).optional().describe("the previous page's nextCursor"),
});
