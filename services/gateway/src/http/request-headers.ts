import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ProblemError, parseOrThrow } from '@atalaia/http';

const printableToken = /^[\x21-\x7E]+$/;

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255)
  .regex(printableToken, 'printable ASCII without spaces');

export const correlationIdSchema = z.string().min(1).max(200).regex(printableToken, 'printable ASCII without spaces');

function singleHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  if (Array.isArray(value)) {
    throw new ProblemError(400, 'DUPLICATED_HEADER', `The ${name} header must be sent once`);
  }
  return value;
}

export function idempotencyKeyOf(request: FastifyRequest): string {
  const value = singleHeader(request, 'idempotency-key');
  if (value === undefined || value === '') {
    throw new ProblemError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'The Idempotency-Key header is required on every write');
  }
  return parseOrThrow(idempotencyKeySchema, value, 'header');
}

/** The caller's correlation id (`X-Correlation-Id`, else `X-Request-Id`), or the request id. */
export function correlationIdOf(request: FastifyRequest): string {
  const value = singleHeader(request, 'x-correlation-id') ?? singleHeader(request, 'x-request-id');
  return value === undefined ? request.id : parseOrThrow(correlationIdSchema, value, 'header');
}
