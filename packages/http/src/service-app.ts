import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { metricsText, type Logger } from '@atalaia/telemetry';
import { AccessLog } from './access-log';
import { registerAccessContext } from './agency-access';
import { answerClientError } from './client-error-handling';
import { registerHealthRoutes, type HealthChecks } from './health-routes';
import { checkStorableText, registerJsonBodyParser } from './json-body-parser';
import { registerHttpMetrics } from './http-metrics';
import { answerFrameworkError, registerProblemHandling } from './problem-handling';
import { registerRequestTracing } from './request-tracing';

export interface ServiceAppOptions {
  name: string;
  logger: Logger;
  healthChecks: HealthChecks;
  /** How long readiness reuses each check's answer (default `DEFAULT_READINESS_CACHE_MS`). */
  readinessCacheMs?: number;
  bodyLimit?: number;
  /**
   * ACCESS_CONTEXT_SIGNING_KEY: the app checks the access context the gateway
   * signed on every request that carries one (`agencyAccessOf` reads it).
   * Without it, no route may read an access context.
   */
  accessContextKey?: string;
}

/**
 * The Fastify instance every Atalaia service starts from: request spans,
 * problem+json errors, health probes. Routes are added by the service.
 */
export async function createServiceApp(options: ServiceAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new AccessLog(),
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  });
  registerJsonBodyParser(app);
  app.addHook('preValidation', async (request) => {
    for (const value of [...Object.values(request.query ?? {}), ...Object.values(request.params ?? {})]) {
      if (typeof value === 'string') checkStorableText(value);
    }
  });
  await registerRequestTracing(app, options.name);
  registerHttpMetrics(app);
  registerProblemHandling(app);
  if (options.accessContextKey) registerAccessContext(app, options.accessContextKey);
  await registerHealthRoutes(app, options.healthChecks, { readinessCacheMs: options.readinessCacheMs });
  app.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await metricsText();
    return reply.type(contentType).send(body);
  });
  return app;
}
