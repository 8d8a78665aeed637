import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '@atalaia/http';
import { presentEntry, type AuditTrail } from '../db/audit-trail';
import { verifyChain } from '../domain/audit-chain';

const trailQuerySchema = z.strictObject({
  aggregateType: z.string().regex(/^[a-z_]{1,64}$/),
  aggregateId: z.string().min(1).max(200),
});

export async function registerAuditRoutes(app: FastifyInstance, trail: AuditTrail): Promise<void> {
  app.get('/api/audit', async (request) => {
    const query = parseOrThrow(trailQuerySchema, request.query, 'query');
    const entries = await trail.forAggregate(query.aggregateType, query.aggregateId);
    return { data: entries.map(presentEntry) };
  });

  app.get('/api/audit/verification', async () => verifyChain(await trail.chain()));
}
