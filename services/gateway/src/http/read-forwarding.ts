import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError, sendProblem } from '@atalaia/http';
import { currentTraceCarrier } from '@atalaia/telemetry';
import { requireScope } from './authentication';
import { idParamOf, validateIdParam } from './path-params';

export interface ReadForwardingDeps {
  occurrenceServiceUrl: string;
  dispatchServiceUrl: string;
  auditServiceUrl: string;
}

const upstreamUnavailable = () => new ProblemError(503, 'UPSTREAM_UNAVAILABLE', 'The owning service is unavailable');

/** Headers a read carries to the owning service: the gateway span's trace context and the caller's agency. */
function upstreamHeaders(request: FastifyRequest): Record<string, string> {
  return { ...currentTraceCarrier(), 'x-atalaia-agency-id': request.apiClient.agencyId };
}

async function getJson(url: string, request: FastifyRequest): Promise<{ status: number; body: unknown }> {
  try {
    const response = await fetch(url, { headers: upstreamHeaders(request), signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: await response.json() };
  } catch (error) {
    request.log.warn({ err: error, url }, 'read from owning service failed');
    throw upstreamUnavailable();
  }
}

/**
 * The gateway is the single public entry point; reads are served by the
 * service that owns the data. Most are forwarded unchanged; an occurrence's
 * detail is composed from its owner and the dispatch service.
 */
export async function registerReadForwarding(app: FastifyInstance, deps: ReadForwardingDeps): Promise<void> {
  await app.register(replyFrom, { undici: { connections: 32, headersTimeout: 10_000, bodyTimeout: 10_000 } });

  const forwardTo = (baseUrl: string) => async (request: FastifyRequest, reply: FastifyReply) =>
    reply.from(new URL(request.url, baseUrl).toString(), {
      rewriteRequestHeaders: (_original, headers) => {
        const { 'x-api-key': _key, authorization: _authorization, ...rest } = headers;
        return { ...rest, ...upstreamHeaders(request) };
      },
      onError: (failedReply, { error }) => {
        request.log.warn({ err: error }, 'read forwarding failed');
        sendProblem(failedReply as FastifyReply, upstreamUnavailable());
      },
    });

  const read = { preHandler: [validateIdParam, requireScope('read')] };
  const readAudit = { preHandler: requireScope('audit:read') };

  app.get('/api/occurrences', { preHandler: requireScope('read') }, forwardTo(deps.occurrenceServiceUrl));
  app.get('/api/occurrences/:id/dispatches', read, forwardTo(deps.dispatchServiceUrl));
  app.get('/api/dispatches/:id', read, forwardTo(deps.dispatchServiceUrl));
  app.get('/api/audit', readAudit, forwardTo(deps.auditServiceUrl));
  app.get('/api/audit/verification', readAudit, forwardTo(deps.auditServiceUrl));

  app.get('/api/occurrences/:id', read, async (request, reply) => {
    const id = idParamOf(request);
    const [occurrence, dispatches] = await Promise.all([
      getJson(`${deps.occurrenceServiceUrl}/api/occurrences/${id}`, request),
      getJson(`${deps.dispatchServiceUrl}/api/occurrences/${id}/dispatches`, request),
    ]);
    if (occurrence.status !== 200) {
      return reply.status(occurrence.status).type('application/problem+json; charset=utf-8').send(occurrence.body);
    }
    if (dispatches.status !== 200) throw upstreamUnavailable();
    const summaries = (dispatches.body as { data: Array<Record<string, unknown>> }).data.map(
      ({ id: dispatchId, resourceCode, status, createdAt, updatedAt, closedAt }) => ({ id: dispatchId, resourceCode, status, createdAt, updatedAt, closedAt }),
    );
    return { ...(occurrence.body as object), dispatches: summaries };
  });
}
