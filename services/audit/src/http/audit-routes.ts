import type { FastifyInstance } from 'fastify';
import { auditTrailQuerySchema } from '@atalaia/contracts';
import { agencyAccessOf, parseOrThrow } from '@atalaia/http';
import type { AuditTrail } from '../db/audit-trail';
import { ownerFilterOf } from '../domain/audit-visibility';
import { verifyAuditTrail } from '../use-cases/verify-audit-trail';
import { decodeCursor, encodeCursor, presentEntry, trailSelectionOf } from './audit-trail-page';

export interface AuditRouteOptions {
  /** Entries read per query while verifying the chain. */
  verificationPageSize?: number;
}

export async function registerAuditRoutes(app: FastifyInstance, trail: AuditTrail, options: AuditRouteOptions = {}): Promise<void> {
  // Another agency's trail answers like an unknown aggregate's: an empty page. A person's
  // entries are filtered the same way: an agency sees only those in its own trail.
  app.get('/api/audit', async (request) => {
    const access = agencyAccessOf(request);
    const query = parseOrThrow(auditTrailQuerySchema, request.query, 'query');
    const { limit, cursor } = query;
    const rows = await trail.trailPage({
      ...trailSelectionOf(query),
      ownerAgencyId: ownerFilterOf(access),
      afterSequence: cursor === undefined ? 0n : decodeCursor(cursor),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { data: page.map(presentEntry), nextCursor: rows.length > limit && last ? encodeCursor(last.sequence) : null };
  });

  app.get('/api/audit/verification', async (request) => verifyAuditTrail(trail, agencyAccessOf(request), options.verificationPageSize));
}
