import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { isTransientFailure } from '@atalaia/database';
import { ProblemError, problemBody } from './problem';

const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function sendProblem(reply: FastifyReply, problem: ProblemError): FastifyReply {
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problemBody(problem, reply.request.url));
}

/** Fastify's own client errors (bad JSON, body too large, wrong content type) mapped to stable codes. */
function fromFastifyError(error: FastifyError): ProblemError | undefined {
  const status = error.statusCode ?? 500;
  if (status >= 500) return undefined;
  const codes: Record<string, [string, string]> = {
    FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json'],
    FST_ERR_CTP_BODY_TOO_LARGE: ['PAYLOAD_TOO_LARGE', 'The request body is too large'],
    FST_ERR_CTP_EMPTY_JSON_BODY: ['INVALID_JSON', 'The request body is empty'],
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['INVALID_CONTENT_LENGTH', 'Content-Length does not match the body'],
  };
  const [code, title] = codes[error.code] ?? (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
    ? ['INVALID_JSON', 'The request body is not valid JSON']
    : ['BAD_REQUEST', 'The request could not be processed']);
  return new ProblemError(status, code, title, error.message);
}

/**
 * Installs the one error path of a service: ProblemErrors keep their status and
 * code, Fastify's client errors get stable codes, anything else is logged and
 * answered as a 500 problem without internals.
 */
export function registerProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = error instanceof ProblemError ? error : fromFastifyError(error);
    if (problem) return sendProblem(reply, problem);
    if (isTransientFailure(error)) {
      request.log.warn({ err: error }, 'dependency unavailable');
      reply.header('retry-after', 5);
      return sendProblem(reply, new ProblemError(503, 'SERVICE_UNAVAILABLE', 'A dependency is unavailable; retry shortly'));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, new ProblemError(500, 'INTERNAL_ERROR', 'Internal server error'));
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, new ProblemError(404, 'ROUTE_NOT_FOUND', 'No such route', `${request.method} ${request.url}`)),
  );
}

/**
 * Errors Fastify raises before routing (a malformed URL, an over-long path
 * parameter), answered as problems like every other refusal.
 */
export function answerFrameworkError(error: FastifyError, _request: unknown, reply: FastifyReply): void {
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ProblemError(414, 'URI_TOO_LONG', 'A path segment is too long')
      : new ProblemError(400, 'MALFORMED_URL', 'The URL could not be decoded', error.message);
  sendProblem(reply, problem);
}
