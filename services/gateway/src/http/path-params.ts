import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseOrThrow } from '@atalaia/http';

const idParamsSchema = z.object({ id: z.uuid() });

/** The `:id` of the path, which must be a UUID. */
export function idParamOf(request: FastifyRequest): string {
  return parseOrThrow(idParamsSchema, request.params, 'path').id;
}

/** Runs before scope and body checks: a malformed id is a 400 before anything else is judged. */
export async function validateIdParam(request: FastifyRequest): Promise<void> {
  idParamOf(request);
}
