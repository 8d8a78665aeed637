import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ProblemError, parseOrThrow, sendProblem } from '@atalaia/http';
import { currentTraceCarrier } from '@atalaia/telemetry';

export interface ReadForwardingDeps {
  occurrenceServiceUrl: string;
  auditServiceUrl: string;
}

const uuidParamSchema = z.object({ id: z.uuid() });

/**
 * The gateway is the single public entry point; reads are served by the
 * service that owns the data. The path and query are forwarded unchanged, with
 * the trace context of the gateway's span and the caller's agency.
 */
export async function registerReadForwarding(app: FastifyInstance, deps: ReadForwardingDeps): Promise<void> {
  await app.register(replyFrom, { undici: { connections: 32, headersTimeout: 10_000, bodyTimeout: 10_000 } });

  const forwardTo = (baseUrl: string) => async (request: FastifyRequest, reply: FastifyReply) =>
    reply.from(new URL(request.url, baseUrl).toString(), {
      rewriteRequestHeaders: (_original, headers) => {
        const { 'x-api-key': _key, authorization: _authorization, ...rest } = headers;
        return { ...rest, ...currentTraceCarrier(), 'x-atalaia-agency-id': request.apiClient.agencyId };
      },
      onError: (failedReply, { error }) => {
        request.log.warn({ err: error }, 'read forwarding failed');
        sendProblem(failedReply as FastifyReply, new ProblemError(503, 'UPSTREAM_UNAVAILABLE', 'The owning service is unavailable'));
      },
    });

  const validateId = async (request: FastifyRequest) => {
    parseOrThrow(uuidParamSchema, request.params, 'path');
  };

  app.get('/api/occurrences', forwardTo(deps.occurrenceServiceUrl));
  app.get('/api/occurrences/:id', { preHandler: validateId }, forwardTo(deps.occurrenceServiceUrl));
  app.get('/api/audit', forwardTo(deps.auditServiceUrl));
  app.get('/api/audit/verification', forwardTo(deps.auditServiceUrl));
}
