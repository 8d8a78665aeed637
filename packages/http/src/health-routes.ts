import type { FastifyInstance } from 'fastify';
import { ProblemError, problemBody } from './problem';

export type HealthChecks = Record<string, () => Promise<boolean>>;

/** Liveness says the process serves; readiness says its dependencies answer too. */
export async function registerHealthRoutes(app: FastifyInstance, checks: HealthChecks): Promise<void> {
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (request, reply) => {
    const names = Object.keys(checks);
    const results = await Promise.all(names.map((name) => checks[name]!().catch(() => false)));
    const states = Object.fromEntries(names.map((name, index) => [name, results[index] ? 'up' : 'down']));
    if (results.every(Boolean)) return { status: 'ready', checks: states };
    const problem = new ProblemError(503, 'NOT_READY', 'A dependency is unavailable', undefined);
    return reply
      .status(503)
      .type('application/problem+json; charset=utf-8')
      .send({ ...problemBody(problem, request.url), checks: states });
  });
}
