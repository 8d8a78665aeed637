import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { context, trace, type Context } from '@opentelemetry/api';
import { contextFromCarrier, recordSpanFailure, SpanKind, SpanStatusCode, spanName, startSpan, type Span } from '@atalaia/telemetry';

interface RequestTrace {
  span: Span;
  context: Context;
  /** What the handler threw, recorded on the span if the answer is a 5xx. */
  error?: Error;
}

const traces = new WeakMap<FastifyRequest, RequestTrace>();

/** Probes and scrapes, every few seconds from the supervisor and Prometheus: a trace each would bury the requests. */
const UNTRACED_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/** `METHOD route` as the HTTP semantic conventions name a server span; `METHOD` alone when no route matched. */
export function serverSpanName(method: string, route: string | undefined): string {
  return spanName(method, route);
}

/**
 * One SERVER span per request, continuing the caller's W3C trace context, named
 * `METHOD route` with the HTTP semantic-convention attributes. It is made
 * active for the hooks and the handler (re-entered after the body is read,
 * whose stream events run outside it), so outbox rows, client calls and logs
 * carry it. Hooks and handlers get no spans of their own: a request costs one
 * span here. Health probes and metric scrapes are not traced.
 */
export async function registerRequestTracing(app: FastifyInstance, serviceName: string): Promise<void> {
  app.addHook('onRequest', (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const route = request.routeOptions.url;
    if (route !== undefined && UNTRACED_ROUTES.has(route)) return done();
    const span = startSpan(serverSpanName(request.method, route), {
      kind: SpanKind.SERVER,
      parent: contextFromCarrier(request.headers),
      attributes: {
        'http.request.method': request.method,
        ...(route === undefined ? {} : { 'http.route': route }),
        'url.path': request.url.split('?', 1)[0]!,
        'url.scheme': request.protocol,
        'server.address': request.hostname,
        ...(request.port ? { 'server.port': request.port } : {}),
        'network.protocol.version': request.raw.httpVersion,
        ...(request.headers['user-agent'] ? { 'user_agent.original': request.headers['user-agent'] } : {}),
        'service.component': serviceName,
      },
    });
    const active = trace.setSpan(context.active(), span);
    traces.set(request, { span, context: active });
    context.with(active, done);
  });
  const reenter = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const found = traces.get(request);
    if (found) context.with(found.context, done);
    else done();
  };
  app.addHook('preValidation', reenter);
  app.addHook('preHandler', reenter);
  app.addHook('onError', (request, _reply, error, done) => {
    const found = traces.get(request);
    if (found) found.error = error;
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    endRequestSpan(request, reply.statusCode);
    done();
  });
  app.addHook('onRequestAbort', (request, done) => {
    endRequestSpan(request, undefined);
    done();
  });
}

/** Server spans are errors for 5xx answers only: a 4xx is the client's mistake, answered as designed. */
function endRequestSpan(request: FastifyRequest, statusCode: number | undefined): void {
  const found = traces.get(request);
  if (!found) return;
  traces.delete(request);
  const { span, error } = found;
  if (statusCode === undefined) {
    span.setAttribute('error.type', 'aborted');
  } else {
    span.setAttribute('http.response.status_code', statusCode);
    if (statusCode >= 500) {
      span.setAttribute('error.type', String(statusCode));
      if (error) recordSpanFailure(span, error);
      else span.setStatus({ code: SpanStatusCode.ERROR });
    }
  }
  span.end();
}
