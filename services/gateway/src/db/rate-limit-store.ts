import type { GatewayPrisma } from './prisma';

/**
 * Request counts per client per fixed window, in Postgres so that every
 * gateway instance counts against the same limit. Instances add their counts
 * in batches (see RateLimitCounter), not one upsert per request.
 */
export class RateLimitStore {
  constructor(private readonly prisma: GatewayPrisma) {}

  /** Adds `requests` to the window's count and returns the count including them. */
  async add(clientId: string, windowStart: Date, requests: number): Promise<number> {
    const rows = await this.prisma.$queryRaw<Array<{ request_count: number }>>`
      INSERT INTO rate_limit_windows (client_id, window_start, request_count)
      VALUES (${clientId}, ${windowStart}, ${requests})
      ON CONFLICT (client_id, window_start)
      DO UPDATE SET request_count = rate_limit_windows.request_count + EXCLUDED.request_count
      RETURNING request_count`;
    return rows[0]!.request_count;
  }
}
