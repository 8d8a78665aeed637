import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ProblemError, parseOrThrow, problemType } from '@atalaia/http';
import { requirePermission } from './authentication';
import type { CommandStore, CommandView } from '../db/command-store';
import type { CommandCompletions } from '../domain/command-completions';
import { accessOf } from '../domain/api-client';
import { traceIdOf } from '../domain/trace-context';
import { idParamOf } from './path-params';

export interface CommandReadsDeps {
  store: CommandStore;
  completions: CommandCompletions;
}

/** Query of `GET /api/commands`. */
export const commandListQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** Query of `GET /api/commands/{id}`: `wait` holds the answer up to that many seconds until the command settles. */
export const commandReadQuerySchema = z.strictObject({ wait: z.coerce.number().min(0).max(30).optional() });

/** How often a pending client should ask again, in seconds (`Retry-After` on 202 and on pending reads). */
export const COMMAND_RETRY_AFTER_SECONDS = 1;
/** A waiting request reads the command again at least this often, whether or not its result was seen. */
const WAIT_REREAD_MS = 1_000;
/** A result seen on Kafka is stored by the result consumer (maybe another instance's) a moment later. */
const AFTER_SEEN_REREADS_MS = [5, 20, 50, 100];

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
 * With `?wait=<seconds>` (up to 30) a read of a pending command answers as
 * soon as it settles, or with its status when the wait ends: one request
 * instead of a polling loop.
 */
export async function registerCommandReads(app: FastifyInstance, deps: CommandReadsDeps): Promise<void> {
  // Any authenticated caller reads the commands it sent (and, cross-agency, others' by id).
  const ownCommands = { preHandler: requirePermission('authenticated') };
  app.get('/api/commands', ownCommands, async (request) => {
    const { limit } = parseOrThrow(commandListQuerySchema, request.query, 'query');
    const commands = await deps.store.listRecent(request.apiClient.id, limit);
    return { data: commands.map(presentCommand) };
  });

  app.get('/api/commands/:id', ownCommands, async (request, reply) => {
    const id = idParamOf(request);
    const { wait = 0 } = parseOrThrow(commandReadQuerySchema, request.query, 'query');
    const find = () => deps.store.findVisible(id, accessOf(request.apiClient));
    let command = await find();
    if (!command) throw new ProblemError(404, 'COMMAND_NOT_FOUND', 'No such command', `command ${id} does not exist`);
    const deadline = Date.now() + wait * 1_000;
    const gone = () => request.raw.destroyed || reply.raw.destroyed;
    while (command.status === 'pending' && Date.now() < deadline && !gone()) {
      const seen = await deps.completions.wait(id, Math.min(deadline - Date.now(), WAIT_REREAD_MS));
      command = (await find())!;
      for (const pause of seen ? AFTER_SEEN_REREADS_MS : []) {
        if (command.status !== 'pending') break;
        await delay(pause);
        command = (await find())!;
      }
    }
    if (command.status === 'pending') reply.header('retry-after', String(COMMAND_RETRY_AFTER_SECONDS));
    return presentCommand(command);
  });
}
