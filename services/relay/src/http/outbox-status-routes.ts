import type { FastifyInstance } from 'fastify';
import { ProblemError } from '@atalaia/http';
import { readOutboxBacklogs } from '@atalaia/outbox';

export interface OutboxStatusDeps {
  /** The sources this relay instance publishes now: those whose leadership lock it holds. */
  leadingSources(): string[];
}

/**
 * `GET /outbox/status`: what waits in each source's outbox, read now — the
 * figures `/metrics` reports, for the gateway's operations overview — and
 * which sources this instance leads (`leading`; a standby leads none).
 * Internal (like /metrics): the relay is not exposed; the gateway asks it on
 * behalf of clients with the `operations` scope.
 */
export async function registerOutboxStatusRoutes(app: FastifyInstance, deps: OutboxStatusDeps): Promise<void> {
  app.get('/outbox/status', async (request) => {
    const checkedAt = new Date().toISOString();
    try {
      return { outbox: await readOutboxBacklogs(), leading: deps.leadingSources(), checkedAt };
    } catch (error) {
      request.log.warn({ err: error }, 'an outbox source could not be read');
      throw new ProblemError(503, 'SERVICE_UNAVAILABLE', 'An outbox source database is unreachable', 'retry shortly');
    }
  });
}
