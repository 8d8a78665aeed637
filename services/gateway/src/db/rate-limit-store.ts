import type { GatewayPrisma } from './prisma';

/**
 * Request counts per client per fixed window, in Postgres so that every
 * gateway instance counts against the same limit. One upsert per request.
 */
export class RateLimitStore {
  constructor(private readonly prisma: GatewayPrisma) {}

  /** Counts one request and returns the window's count including it. */
  async hit(clientId: string, windowStart: Date): Promise<number> {
    const rows = await this.prisma.$queryRaw<Array<{ request_count: number }>>`
      INSERT INTO rate_limit_windows (client_id, window_start, request_count)
      VALUES (${clientId}, ${windowStart}, 1)
      ON CONFLICT (client_id, window_start)
      DO UPDATE SET request_count = rate_limit_windows.request_count + 1
      RETURNING request_count`;
    return rows[0]!.request_count;
  }
}
