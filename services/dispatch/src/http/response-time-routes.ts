import type { FastifyInstance } from 'fastify';
import { responseTimesQuerySchema } from '@atalaia/contracts';
import { ProblemError, agencyAccessOf, parseOrThrow } from '@atalaia/http';
import { reportResponseTimes, type ResponseReportDeps } from '../use-cases/report-response-times';

export async function registerResponseTimeRoutes(app: FastifyInstance, deps: ResponseReportDeps): Promise<void> {
  /** Response-time figures of the occurrences reported in [from, to), as far as the caller may see. */
  app.get('/api/reports/response-times', async (request) => {
    const access = agencyAccessOf(request);
    const query = parseOrThrow(responseTimesQuerySchema, request.query, 'query');
    if (Date.parse(query.to) <= Date.parse(query.from)) {
      throw new ProblemError(400, 'INVALID_TIME_RANGE', 'The period is empty', '`to` must be later than `from`');
    }
    return reportResponseTimes(deps, query, access);
  });
}
