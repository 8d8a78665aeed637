import type { FastifyInstance } from 'fastify';
import { Histogram, metricsRegistry } from '@atalaia/telemetry';

/** The methods Fastify routes; any other is `_OTHER`, as the HTTP semantic conventions say, so a client cannot mint label values. */
const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE']);

export const UNMATCHED_ROUTE = 'unmatched';

export function methodLabel(method: string): string {
  return knownMethods.has(method) ? method : '_OTHER';
}

/** The matched route's pattern (`/api/occurrences/:id`), never the raw path: ids and probes would make the label unbounded. */
export function routeLabel(routePattern: string | undefined): string {
  return routePattern || UNMATCHED_ROUTE;
}

/**
 * Request rate, errors and duration per route in one histogram (the OpenTelemetry
 * `http.server.request.duration` buckets): rate and errors are its `_count`.
 */
const requestDuration = new Histogram({
  name: 'atalaia_http_server_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, matched route (or "unmatched") and status code',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  registers: [metricsRegistry],
});

/**
 * Times every request the app answers, from arrival to the response's end
 * (Fastify's own clock). Three short labels and one observation per request:
 * cheap enough for the gateway's accept path.
 */
export function registerHttpMetrics(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    requestDuration.observe(
      { method: methodLabel(request.method), route: routeLabel(request.routeOptions.url), status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
