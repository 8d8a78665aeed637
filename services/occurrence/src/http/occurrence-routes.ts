import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { agencyFilterFor, occurrenceCountsQuerySchema, occurrenceListQuerySchema, reachableBy } from '@atalaia/contracts';
import { ProblemError, agencyAccessOf, parseOrThrow } from '@atalaia/http';
import { toSnapshot, type OccurrenceRepository } from '../db/occurrence-repository';

const cursorSchema = z.object({ reportedAt: z.iso.datetime({ offset: true }), id: z.uuid() });

function encodeCursor(last: { reportedAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify({ reportedAt: last.reportedAt.toISOString(), id: last.id })).toString('base64url');
}

function decodeCursor(cursor: string): { reportedAt: Date; id: string } {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { reportedAt: new Date(parsed.reportedAt), id: parsed.id };
  } catch {
    throw new ProblemError(400, 'INVALID_CURSOR', 'The pagination cursor is not valid');
  }
}

export async function registerOccurrenceRoutes(app: FastifyInstance, repository: OccurrenceRepository): Promise<void> {
  app.get('/api/occurrences', async (request) => {
    const access = agencyAccessOf(request);
    const { cursor, reportedFrom, reportedTo, limit, ...filter } = parseOrThrow(occurrenceListQuerySchema, request.query, 'query');
    const rows = await repository.list({
      ...filter,
      visibleToAgency: agencyFilterFor(access),
      reportedFrom: reportedFrom ? new Date(reportedFrom) : undefined,
      reportedTo: reportedTo ? new Date(reportedTo) : undefined,
      limit: limit + 1,
      after: cursor ? decodeCursor(cursor) : undefined,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { data: page.map(toSnapshot), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  });

  /** Static, so it wins over `/api/occurrences/:id` whatever the registration order. */
  app.get('/api/occurrences/counts', async (request) => {
    const access = agencyAccessOf(request);
    const { reportedFrom, reportedTo, ...filter } = parseOrThrow(occurrenceCountsQuerySchema, request.query, 'query');
    const counts = await repository.countByStatus({
      ...filter,
      visibleToAgency: agencyFilterFor(access),
      reportedFrom: reportedFrom ? new Date(reportedFrom) : undefined,
      reportedTo: reportedTo ? new Date(reportedTo) : undefined,
    });
    return { counts };
  });

  app.get('/api/occurrences/:id', async (request) => {
    const { id } = parseOrThrow(z.object({ id: z.uuid() }), request.params, 'path');
    const occurrence = reachableBy(await repository.findById(id), agencyAccessOf(request));
    if (!occurrence) throw new ProblemError(404, 'OCCURRENCE_NOT_FOUND', 'No such occurrence', `occurrence ${id} does not exist`);
    return toSnapshot(occurrence);
  });
}
