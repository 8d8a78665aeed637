import FastifyOtelInstrumentation from '@fastify/otel';
import type { FastifyInstance } from 'fastify';

/**
 * One server span per request, continuing the caller's W3C trace context and
 * active while hooks and handlers run, so outbox rows and logs carry it.
 */
export async function registerRequestTracing(app: FastifyInstance, serviceName: string): Promise<void> {
  const instrumentation = new FastifyOtelInstrumentation({ registerOnInitialization: false, requestHook: (span) => span.setAttribute('service.component', serviceName) });
  await app.register(instrumentation.plugin());
}
