import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '@atalaia/http';
import type { RateLimitCounter } from './rate-limit-counter';

export interface RateLimitOptions {
  counter: RateLimitCounter;
  defaultPerMinute: number;
  windowSeconds: number;
}

/**
 * Per-client fixed-window rate limit, run right after authentication so every
 * authenticated request counts, valid or not. Answers carry the IETF
 * `RateLimit-*` headers; a refused one is a 429 problem with `Retry-After`.
 */
export function rateLimitHook(options: RateLimitOptions) {
  const windowMs = options.windowSeconds * 1000;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const limit = request.apiClient.rateLimitPerMinute ?? options.defaultPerMinute;
    const { count, windowStart } = await options.counter.hit(request.apiClient.id, limit);
    const resetSeconds = Math.max(1, Math.ceil((windowStart + windowMs - Date.now()) / 1000));
    reply.header('ratelimit-limit', limit);
    reply.header('ratelimit-remaining', Math.max(0, limit - count));
    reply.header('ratelimit-reset', resetSeconds);
    if (count > limit) {
      reply.header('retry-after', resetSeconds);
      throw new ProblemError(429, 'RATE_LIMITED', 'Too many requests', `at most ${limit} requests per ${options.windowSeconds} s for this API client`);
    }
  };
}
