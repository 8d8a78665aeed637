import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '@atalaia/http';
import type { ApiClient } from '../domain/api-client';

export interface ApiClientResolver {
  resolve(presentedKey: string): Promise<ApiClient | null>;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Accepts the single development key from configuration, as the seeds did. */
export class DevelopmentKeyResolver implements ApiClientResolver {
  private readonly expected: Buffer;

  constructor(
    apiKey: string,
    private readonly client: ApiClient,
  ) {
    this.expected = digest(apiKey);
  }

  async resolve(presentedKey: string): Promise<ApiClient | null> {
    return timingSafeEqual(digest(presentedKey), this.expected) ? this.client : null;
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    apiClient: ApiClient;
  }
}

/** The presented key: `X-API-Key` (seed-compatible) or `Authorization: Bearer <key>`. */
function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header.length > 0) return header;
  const authorization = request.headers.authorization;
  const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
  return match?.[1];
}

export function authenticationHook(resolver: ApiClientResolver) {
  return async (request: FastifyRequest): Promise<void> => {
    const key = presentedKey(request);
    if (!key) {
      throw new ProblemError(401, 'AUTHENTICATION_REQUIRED', 'An API key is required', 'send X-API-Key or Authorization: Bearer');
    }
    const client = await resolver.resolve(key);
    if (!client) throw new ProblemError(401, 'INVALID_API_KEY', 'The API key is not valid');
    request.apiClient = client;
  };
}
