import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError, sendProblem, tracedFetch, type AccessContextSigner } from '@atalaia/http';
import { currentTraceCarrier } from '@atalaia/telemetry';
import { accessOf } from '../domain/api-client';
import { requirePermission } from './authentication';
import { idParamOf, validateIdParam } from './path-params';

export interface ReadForwardingDeps {
  occurrenceServiceUrl: string;
  dispatchServiceUrl: string;
  auditServiceUrl: string;
  /** Signs what the caller may see for the owning service (ACCESS_CONTEXT_SIGNING_KEY). */
  accessContext: AccessContextSigner;
}

const upstreamUnavailable = () => new ProblemError(503, 'UPSTREAM_UNAVAILABLE', 'The owning service is unavailable');

/** Headers a read carries to the owning service: the gateway span's trace context and, signed, what the caller may see. */
async function upstreamHeaders(request: FastifyRequest, signer: AccessContextSigner): Promise<Record<string, string>> {
  return { ...currentTraceCarrier(), ...(await signer.headersFor(accessOf(request.apiClient))) };
}

interface UpstreamAnswer {
  status: number;
  body: unknown;
}

async function getJson(url: string, request: FastifyRequest, signer: AccessContextSigner): Promise<UpstreamAnswer> {
  try {
    const response = await tracedFetch(url, { headers: await upstreamHeaders(request, signer), signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: await response.json() };
  } catch (error) {
    request.log.warn({ err: error, url }, 'read from owning service failed');
    throw upstreamUnavailable();
  }
}

/**
 * The gateway is the single public entry point; reads are served by the
 * service that owns the data, which applies the caller's agency scope. Most are
 * forwarded unchanged; an occurrence's detail and its dispatch list ask the
 * occurrence service first, so another agency's occurrence is a 404 there too.
 */
export async function registerReadForwarding(app: FastifyInstance, deps: ReadForwardingDeps): Promise<void> {
  await app.register(replyFrom, { undici: { connections: 32, headersTimeout: 10_000, bodyTimeout: 10_000 } });

  const forwardTo = (baseUrl: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    // Signed before forwarding: reply-from rewrites headers synchronously.
    const signed = await upstreamHeaders(request, deps.accessContext);
    return reply.from(new URL(request.url, baseUrl).toString(), {
      rewriteRequestHeaders: (_original, headers) => {
        const { 'x-api-key': _key, authorization: _authorization, cookie: _cookie, ...rest } = headers;
        return { ...rest, ...signed };
      },
      onError: (failedReply, { error }) => {
        request.log.warn({ err: error }, 'read forwarding failed');
        sendProblem(failedReply as FastifyReply, upstreamUnavailable());
      },
    });
  };

  const read = { preHandler: [validateIdParam, requirePermission('read')] };
  const list = { preHandler: requirePermission('read') };
  const readAudit = { preHandler: requirePermission('audit:read') };
  const verifyAudit = { preHandler: requirePermission('audit:verify') };

  app.get('/api/occurrences', list, forwardTo(deps.occurrenceServiceUrl));
  // Static paths: they win over /api/occurrences/:id (whose non-UUID ids are a 400) in any registration order.
  app.get('/api/occurrences/counts', list, forwardTo(deps.occurrenceServiceUrl));
  app.get('/api/dispatches', list, forwardTo(deps.dispatchServiceUrl));
  app.get('/api/dispatches/:id', read, forwardTo(deps.dispatchServiceUrl));
  app.get('/api/units', list, forwardTo(deps.dispatchServiceUrl));
  app.get('/api/unit-kinds', list, forwardTo(deps.dispatchServiceUrl));
  app.get('/api/units/:id', read, forwardTo(deps.dispatchServiceUrl));
  app.get('/api/occurrences/:id/nearest-units', read, forwardTo(deps.dispatchServiceUrl));
  app.get('/api/reports/response-times', list, forwardTo(deps.dispatchServiceUrl));
  app.get('/api/audit', readAudit, forwardTo(deps.auditServiceUrl));
  app.get('/api/audit/verification', verifyAudit, forwardTo(deps.auditServiceUrl));

  /** The occurrence and its dispatches as the caller may see them; a problem answer of the occurrence service is relayed as it is. */
  type Found = { problem: UpstreamAnswer } | { occurrence: object; dispatches: Array<Record<string, unknown>> };
  const occurrenceWithDispatches = async (request: FastifyRequest): Promise<Found> => {
    const id = idParamOf(request);
    const [occurrence, dispatches] = await Promise.all([
      getJson(`${deps.occurrenceServiceUrl}/api/occurrences/${id}`, request, deps.accessContext),
      getJson(`${deps.dispatchServiceUrl}/api/occurrences/${id}/dispatches`, request, deps.accessContext),
    ]);
    if (occurrence.status !== 200) return { problem: occurrence };
    if (dispatches.status !== 200) throw upstreamUnavailable();
    return { occurrence: occurrence.body as object, dispatches: (dispatches.body as { data: Array<Record<string, unknown>> }).data };
  };
  const relayProblem = (reply: FastifyReply, problem: UpstreamAnswer) =>
    reply.status(problem.status).type('application/problem+json; charset=utf-8').send(problem.body);

  app.get('/api/occurrences/:id', read, async (request, reply) => {
    const found = await occurrenceWithDispatches(request);
    if ('problem' in found) return relayProblem(reply, found.problem);
    const summaries = found.dispatches.map(({ id: dispatchId, unitId, resourceCode, status, createdAt, updatedAt, closedAt }) => ({
      id: dispatchId,
      unitId,
      resourceCode,
      status,
      createdAt,
      updatedAt,
      closedAt,
    }));
    return { ...found.occurrence, dispatches: summaries };
  });

  app.get('/api/occurrences/:id/dispatches', read, async (request, reply) => {
    const found = await occurrenceWithDispatches(request);
    return 'problem' in found ? relayProblem(reply, found.problem) : { data: found.dispatches };
  });
}
