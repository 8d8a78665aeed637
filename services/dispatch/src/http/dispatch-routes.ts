import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { agencyFilterFor, dispatchListQuerySchema, reachableBy } from '@atalaia/contracts';
import { ProblemError, agencyAccessOf, parseOrThrow } from '@atalaia/http';
import { toDispatchSnapshot, type DispatchRepository } from '../db/dispatch-repository';

const idParams = z.object({ id: z.uuid() });

export async function registerDispatchRoutes(app: FastifyInstance, dispatches: DispatchRepository): Promise<void> {
  /** What units are out now (or in one status), newest status change first, as far as the caller may see. */
  app.get('/api/dispatches', async (request) => {
    const access = agencyAccessOf(request);
    const { status, limit } = parseOrThrow(dispatchListQuerySchema, request.query, 'query');
    return { data: (await dispatches.list({ status, limit, visibleToAgency: agencyFilterFor(access) })).map(toDispatchSnapshot) };
  });

  app.get('/api/dispatches/:id', async (request) => {
    const { id } = parseOrThrow(idParams, request.params, 'path');
    const dispatch = reachableBy(await dispatches.findById(id), agencyAccessOf(request));
    if (!dispatch) throw new ProblemError(404, 'DISPATCH_NOT_FOUND', 'No such dispatch', `dispatch ${id} does not exist`);
    return toDispatchSnapshot(dispatch);
  });

  /**
   * Every dispatch of an occurrence the caller may see, oldest first; empty when there are none (whether the
   * occurrence exists is the occurrence service's to say: the gateway asks it first).
   */
  app.get('/api/occurrences/:id/dispatches', async (request) => {
    const { id } = parseOrThrow(idParams, request.params, 'path');
    return { data: (await dispatches.listForOccurrence(id, agencyFilterFor(agencyAccessOf(request)))).map(toDispatchSnapshot) };
  });
}
