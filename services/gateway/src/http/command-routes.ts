import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fingerprint, occurrenceIntakeSchema, type Topics } from '@atalaia/contracts';
import { ProblemError, parseOrThrow } from '@atalaia/http';
import { currentTraceCarrier } from '@atalaia/telemetry';
import type { CommandStore, CommandView } from '../db/command-store';
import { correlationIdOf, idempotencyKeyOf } from './request-headers';

export interface CommandRoutesDeps {
  store: CommandStore;
  topics: Topics;
  idempotencyTtlHours: number;
}

interface CommandSpec {
  type: string;
  aggregateType: string;
  topic: string;
  scopeKey: string;
  payload: Record<string, unknown>;
}

const uuidParamSchema = z.object({ id: z.uuid() });

export function commandLocation(commandId: string): string {
  return `/api/commands/${commandId}`;
}

/**
 * The write path shared by every command route: idempotency key, one
 * transaction for inbox + outbox, and the 202 (first time or replay) or 409.
 */
async function acceptCommand(deps: CommandRoutesDeps, request: FastifyRequest, reply: FastifyReply, spec: CommandSpec) {
  const idempotencyKey = idempotencyKeyOf(request);
  const correlationId = correlationIdOf(request);
  const outcome = await deps.store.accept({
    ...spec,
    client: request.apiClient,
    idempotencyKey,
    payloadHash: fingerprint(spec.payload),
    correlationId,
    traceparent: currentTraceCarrier().traceparent,
    expiresAt: new Date(Date.now() + deps.idempotencyTtlHours * 3_600_000),
  });
  if (outcome.kind === 'conflict') {
    throw new ProblemError(
      409,
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different request',
      outcome.reason === 'different_payload'
        ? 'the earlier request with this key had a different payload; use a new key for a new request'
        : 'the earlier request with this key was a different operation; use a new key for a new request',
    );
  }
  if (outcome.kind === 'replay') reply.header('idempotent-replayed', 'true');
  const location = commandLocation(outcome.commandId);
  return reply
    .status(202)
    .header('location', location)
    .header('x-correlation-id', correlationId)
    .send({ commandId: outcome.commandId, type: spec.type, status: 'pending', location, acceptedAt: outcome.createdAt });
}

function presentCommand(command: CommandView) {
  const error = command.error as { code: string; title: string; detail?: string } | null;
  return {
    commandId: command.id,
    type: command.type,
    status: command.status,
    aggregateType: command.aggregateType,
    aggregateId: command.aggregateId,
    result: command.result,
    error: error && {
      type: `https://atalaia.dev/problems/${error.code.toLowerCase().replaceAll('_', '-')}`,
      status: 422,
      ...error,
    },
    correlationId: command.correlationId,
    acceptedAt: command.createdAt,
    processedAt: command.processedAt,
  };
}

export async function registerCommandRoutes(app: FastifyInstance, deps: CommandRoutesDeps): Promise<void> {
  app.post('/api/integrations/occurrences', async (request, reply) => {
    const body = parseOrThrow(occurrenceIntakeSchema, request.body, 'body');
    return acceptCommand(deps, request, reply, {
      type: 'occurrence.create_or_update',
      aggregateType: 'occurrence',
      topic: deps.topics.occurrenceCommands,
      scopeKey: `${request.apiClient.agencyId}:${body.externalId}`,
      payload: body,
    });
  });

  app.get('/api/commands/:id', async (request) => {
    const { id } = parseOrThrow(uuidParamSchema, request.params, 'path');
    const command = await deps.store.findForAgency(id, request.apiClient.agencyId);
    if (!command) throw new ProblemError(404, 'COMMAND_NOT_FOUND', 'No such command', `command ${id} does not exist`);
    return presentCommand(command);
  });
}
