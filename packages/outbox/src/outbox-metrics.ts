import pg from 'pg';
import { Counter, Gauge, Histogram, metricsRegistry } from '@atalaia/telemetry';
import type { OutboxSource } from './outbox-relay';

export const outboxPublished = new Counter({
  name: 'atalaia_outbox_published_total',
  help: 'Outbox rows published to Kafka, per source database',
  labelNames: ['source'],
  registers: [metricsRegistry],
});

export const outboxSetAside = new Counter({
  name: 'atalaia_outbox_set_aside_total',
  help: 'Outbox rows the broker refuses (e.g. too large), set aside instead of published, per source database and reason',
  labelNames: ['source', 'reason'],
  registers: [metricsRegistry],
});

export const outboxProducerRebuilds = new Counter({
  name: 'atalaia_outbox_producer_rebuilds_total',
  help: 'Kafka producers the relay replaced after a failed send, per source database and failure kind',
  labelNames: ['source', 'kind'],
  registers: [metricsRegistry],
});

export const outboxSendBytes = new Histogram({
  name: 'atalaia_outbox_send_bytes',
  help: 'Bytes (before compression) of each send to Kafka, per source database',
  labelNames: ['source'],
  buckets: [1_024, 4_096, 16_384, 65_536, 262_144, 524_288, 1_048_576],
  registers: [metricsRegistry],
});

/** What waits in one source's outbox. */
export interface OutboxBacklogReading {
  source: string;
  /** Rows not yet published (set-aside rows excluded). */
  backlog: number;
  /** Age of the oldest of them; null when none wait. */
  oldestAgeSeconds: number | null;
  /** Rows the broker refused, waiting for an operator. */
  setAside: number;
}

type BacklogReading = Omit<OutboxBacklogReading, 'source'>;

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

const setAsideGauge = new Gauge({
  name: 'atalaia_outbox_set_aside',
  help: 'Outbox rows set aside (refused by the broker) and waiting for an operator, per source database',
  labelNames: ['source'],
  registers: [metricsRegistry],
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
        oldestGauge.set({ source }, reading.oldestAgeSeconds ?? 0);
        setAsideGauge.set({ source }, reading.setAside);
      } catch {
        // An unreachable source keeps its last reading; the relay's logs say why.
      }
    }),
  );
}

/**
 * Reads every watched source now (the relay's operations read). Unlike a
 * scrape, an unreachable source is an error: a stale figure would look current.
 */
export async function readOutboxBacklogs(): Promise<OutboxBacklogReading[]> {
  return Promise.all([...readers].map(async ([source, reader]) => ({ source, ...(await reader.read()) })));
}

/** Registers the sources whose backlog the relay's `/metrics` reports; returns a function that unregisters them. */
export function watchOutboxBacklog(sources: OutboxSource[]): () => Promise<void> {
  for (const source of sources) {
    const pool = new pg.Pool({ connectionString: source.databaseUrl, max: 1, connectionTimeoutMillis: 2_000 });
    pool.on('error', () => undefined);
    readers.set(source.name, {
      pool,
      read: async () => {
        // Set-aside rows are never published: they are not backlog, and are counted on their own.
        const { rows } = await pool.query<{ backlog: number; oldest: number | null; set_aside: number }>(
          `SELECT count(*) FILTER (WHERE set_aside_at IS NULL)::int AS backlog,
                  extract(epoch FROM now() - min(created_at) FILTER (WHERE set_aside_at IS NULL))::float8 AS oldest,
                  count(*) FILTER (WHERE set_aside_at IS NOT NULL)::int AS set_aside
           FROM outbox_messages WHERE published_at IS NULL`,
        );
        return { backlog: rows[0]?.backlog ?? 0, oldestAgeSeconds: rows[0]?.oldest ?? null, setAside: rows[0]?.set_aside ?? 0 };
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
