import type { Socket } from 'node:net';
import { ProblemError, problemBody } from './problem';

/**
 * Requests Node's HTTP parser rejects before Fastify sees them (oversized or
 * malformed headers, bad request lines) still get a problem+json answer.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const problem = tooLarge
    ? new ProblemError(431, 'HEADERS_TOO_LARGE', 'The request headers are too large')
    : new ProblemError(400, 'MALFORMED_REQUEST', 'The request could not be parsed', error.code);
  const body = JSON.stringify(problemBody(problem));
  socket.end(
    `HTTP/1.1 ${problem.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      'Content-Type: application/problem+json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
