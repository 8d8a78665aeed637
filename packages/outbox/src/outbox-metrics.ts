import pg from 'pg';
import { Counter, Gauge, metricsRegistry } from '@atalaia/telemetry';
import type { OutboxSource } from './outbox-relay';

export const outboxPublished = new Counter({
  name: 'atalaia_outbox_published_total',
  help: 'Outbox rows published to Kafka, per source database',
  labelNames: ['source'],
  registers: [metricsRegistry],
});

interface BacklogReading {
  backlog: number;
  oldestSeconds: number;
}

const readers = new Map<string, { pool: pg.Pool; read(): Promise<BacklogReading> }>();

/** Backlog size and oldest-unpublished age are read from each source when Prometheus scrapes. */
const backlogGauge = new Gauge({
  name: 'atalaia_outbox_backlog',
  help: 'Outbox rows not yet published, per source database',
  labelNames: ['source'],
  registers: [metricsRegistry],
  async collect() {
    await collectBacklog();
  },
});

const oldestGauge = new Gauge({
  name: 'atalaia_outbox_oldest_unpublished_seconds',
  help: 'Age of the oldest unpublished outbox row, per source database (0 when none wait)',
  labelNames: ['source'],
  registers: [metricsRegistry],
});

async function collectBacklog(): Promise<void> {
  await Promise.all(
    [...readers].map(async ([source, reader]) => {
      try {
        const reading = await reader.read();
        backlogGauge.set({ source }, reading.backlog);
        oldestGauge.set({ source }, reading.oldestSeconds);
      } catch {
        // An unreachable source keeps its last reading; the relay's logs say why.
      }
    }),
  );
}

/** Registers the sources whose backlog the relay's `/metrics` reports; returns a function that unregisters them. */
export function watchOutboxBacklog(sources: OutboxSource[]): () => Promise<void> {
  for (const source of sources) {
    const pool = new pg.Pool({ connectionString: source.databaseUrl, max: 1, connectionTimeoutMillis: 2_000 });
    pool.on('error', () => undefined);
    readers.set(source.name, {
      pool,
      read: async () => {
        const { rows } = await pool.query<{ backlog: number; oldest: number | null }>(
          `SELECT count(*)::int AS backlog, extract(epoch FROM now() - min(created_at))::float8 AS oldest
           FROM outbox_messages WHERE published_at IS NULL`,
        );
        return { backlog: rows[0]?.backlog ?? 0, oldestSeconds: rows[0]?.oldest ?? 0 };
      },
    });
  }
  return async () => {
    for (const source of sources) {
      await readers.get(source.name)?.pool.end();
      readers.delete(source.name);
    }
  };
}
