import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ProblemError, parseOrThrow, problemType } from '@atalaia/http';
import type { CommandStore, CommandView } from '../db/command-store';
import { accessOf } from '../domain/api-client';
import { traceIdOf } from '../domain/trace-context';
import { idParamOf } from './path-params';

export interface CommandReadsDeps {
  store: CommandStore;
}

/** Query of `GET /api/commands`. */
export const commandListQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export function presentCommand(command: CommandView) {
  const error = command.error as { code: string; title: string; detail?: string } | null;
  return {
    commandId: command.id,
    type: command.type,
    status: command.status,
    aggregateType: command.aggregateType,
    aggregateId: command.aggregateId,
    result: command.result,
    error: error && {
      type: problemType(error.code),
      status: 422,
      ...error,
    },
    correlationId: command.correlationId,
    traceId: traceIdOf(command.traceparent),
    acceptedAt: command.createdAt,
    processedAt: command.processedAt,
  };
}

/**
 * Following commands. Any client may read its own agency's commands (an
 * integration that only writes must still poll them); a cross-agency operator
 * reads every agency's. The list is the calling client's own, newest first.
 */
export async function registerCommandReads(app: FastifyInstance, deps: CommandReadsDeps): Promise<void> {
  app.get('/api/commands', async (request) => {
    const { limit } = parseOrThrow(commandListQuerySchema, request.query, 'query');
    const commands = await deps.store.listRecent(request.apiClient.id, limit);
    return { data: commands.map(presentCommand) };
  });

  app.get('/api/commands/:id', async (request) => {
    const id = idParamOf(request);
    const command = await deps.store.findVisible(id, accessOf(request.apiClient));
    if (!command) throw new ProblemError(404, 'COMMAND_NOT_FOUND', 'No such command', `command ${id} does not exist`);
    return presentCommand(command);
  });
}
