import type { FastifyInstance } from 'fastify';
import { parseOrThrow } from '@atalaia/http';
import { deadLetterListQuerySchema, deadLetterRedriveBodySchema } from '../operations/operations-schemas';
import type { PipelineOperations } from '../operations/pipeline-operations';
import { requirePermission } from './authentication';

export interface OperationsRoutesDeps {
  operations: PipelineOperations;
}

/** The operations API: installation-wide, for clients holding the `operations` scope (never granted by default). */
export async function registerOperationsRoutes(app: FastifyInstance, deps: OperationsRoutesDeps): Promise<void> {
  const operationsOnly = { preHandler: requirePermission('operations') };

  app.get('/api/operations/overview', operationsOnly, () => deps.operations.overview());

  app.get('/api/operations/dead-letters', operationsOnly, async (request) => {
    const { topic, limit } = parseOrThrow(deadLetterListQuerySchema, request.query, 'query');
    return { data: await deps.operations.deadLetters(topic, limit) };
  });

  app.post('/api/operations/dead-letters/redrive', operationsOnly, async (request) => {
    const { topic, offsets } = parseOrThrow(deadLetterRedriveBodySchema, request.body, 'body');
    const redriven = await deps.operations.redrive(topic, offsets);
    // Who re-drove what: the line carries the client (request logger) next to the letters.
    request.log.info({ topic, offsets, redriven }, 'dead letters re-driven');
    return { redriven };
  });
}
