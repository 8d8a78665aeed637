import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { nearestUnitsQuerySchema, unitListQuerySchema } from '@atalaia/contracts';
import { ProblemError, agencyAccessOf, parseOrThrow } from '@atalaia/http';
import type { UnitReads } from '../db/unit-reads';

const idParams = z.object({ id: z.uuid() });
const cursorSchema = z.object({ code: z.string().min(1).max(32), id: z.uuid() });

function decodeCursor(cursor: string): { code: string; id: string } {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ProblemError(400, 'INVALID_CURSOR', 'The pagination cursor is not valid');
  }
}

const encodeCursor = (cursor: { code: string; id: string } | null) => (cursor ? Buffer.from(JSON.stringify(cursor)).toString('base64url') : null);

const unitNotFound = (id: string) => new ProblemError(404, 'UNIT_NOT_FOUND', 'No such unit', `unit ${id} does not exist`);

/** Reads of the units registry; another agency's units do not exist without cross-agency access. */
export async function registerUnitRoutes(app: FastifyInstance, units: UnitReads): Promise<void> {
  app.get('/api/units', async (request) => {
    const { cursor, ...query } = parseOrThrow(unitListQuerySchema, request.query, 'query');
    const page = await units.list({ ...query, cursor: cursor ? decodeCursor(cursor) : undefined }, agencyAccessOf(request));
    return { data: page.data, nextCursor: encodeCursor(page.nextCursor) };
  });

  app.get('/api/unit-kinds', async () => ({ data: [...units.kinds].map(([code, label]) => ({ code, label })) }));

  app.get('/api/units/:id', async (request) => {
    const { id } = parseOrThrow(idParams, request.params, 'path');
    const unit = await units.detail(id, agencyAccessOf(request));
    if (!unit) throw unitNotFound(id);
    return unit;
  });

  /** Dispatchable units of the occurrence's agency, nearest station first (straight line, not a route). */
  app.get('/api/occurrences/:id/nearest-units', async (request) => {
    const { id } = parseOrThrow(idParams, request.params, 'path');
    const query = parseOrThrow(nearestUnitsQuerySchema, request.query, 'query');
    const ranking = await units.nearest(id, agencyAccessOf(request), query);
    if (!ranking) throw new ProblemError(404, 'OCCURRENCE_NOT_FOUND', 'No such occurrence', `occurrence ${id} does not exist`);
    return ranking;
  });
}
