import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ProblemError, parseOrThrow } from '@atalaia/http';
import { toDispatchSnapshot, type DispatchRepository } from '../db/dispatch-repository';

const idParams = z.object({ id: z.uuid() });

export async function registerDispatchRoutes(app: FastifyInstance, dispatches: DispatchRepository): Promise<void> {
  app.get('/api/dispatches/:id', async (request) => {
    const { id } = parseOrThrow(idParams, request.params, 'path');
    const dispatch = await dispatches.findById(id);
    if (!dispatch) throw new ProblemError(404, 'DISPATCH_NOT_FOUND', 'No such dispatch', `dispatch ${id} does not exist`);
    return toDispatchSnapshot(dispatch);
  });

  /** Every dispatch of an occurrence, oldest first; empty when there are none (occurrences are not this service's to know). */
  app.get('/api/occurrences/:id/dispatches', async (request) => {
    const { id } = parseOrThrow(idParams, request.params, 'path');
    return { data: (await dispatches.listForOccurrence(id)).map(toDispatchSnapshot) };
  });
}
