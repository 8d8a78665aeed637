import type { FastifyInstance } from 'fastify';
import { cachedCheck, type HealthCheck } from './cached-check';
import { ProblemError, problemBody } from './problem';

export type HealthChecks = Record<string, HealthCheck>;

export interface HealthRouteOptions {
  /** How long each check's answer is reused; readiness is unauthenticated, so probes must stay cheap. */
  readinessCacheMs?: number;
  now?: () => number;
}

export const DEFAULT_READINESS_CACHE_MS = 2_000;

/** Liveness says the process serves; readiness says its dependencies answer too. */
export async function registerHealthRoutes(app: FastifyInstance, checks: HealthChecks, options: HealthRouteOptions = {}): Promise<void> {
  const ttlMs = options.readinessCacheMs ?? DEFAULT_READINESS_CACHE_MS;
  const names = Object.keys(checks);
  const cached = names.map((name) => cachedCheck(checks[name]!, { ttlMs, now: options.now }));
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/health/ready', async (request, reply) => {
    const results = await Promise.all(cached.map((check) => check()));
    const states = Object.fromEntries(names.map((name, index) => [name, results[index] ? 'up' : 'down']));
    if (results.every(Boolean)) return { status: 'ready', checks: states };
    const problem = new ProblemError(503, 'NOT_READY', 'A dependency is unavailable', undefined);
    return reply
      .status(503)
      .type('application/problem+json; charset=utf-8')
      .send({ ...problemBody(problem, request.url), checks: states });
  });
}
