import type { FastifyInstance } from 'fastify';
import { auditTrailQuerySchema } from '@atalaia/contracts';
import { parseOrThrow } from '@atalaia/http';
import { presentEntry, type AuditTrail } from '../db/audit-trail';
import { verifyChain } from '../domain/audit-chain';

export async function registerAuditRoutes(app: FastifyInstance, trail: AuditTrail): Promise<void> {
  app.get('/api/audit', async (request) => {
    const query = parseOrThrow(auditTrailQuerySchema, request.query, 'query');
    const entries = await trail.forAggregate(query.aggregateType, query.aggregateId);
    return { data: entries.map(presentEntry) };
  });

  app.get('/api/audit/verification', async () => verifyChain(await trail.chain()));
}
