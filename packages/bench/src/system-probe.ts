import { setTimeout as delay } from 'node:timers/promises';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import pg from 'pg';
import { topicNames } from '@atalaia/contracts';
import type { BenchSystem, DatabaseName } from './bench-system';
import { median } from './percentiles';

/** `npm start` runs without a topic namespace. */
const systemTopics = topicNames();

export interface CommandsOfPrefix {
  total: number;
  processed: number;
  failed: number;
  firstCreatedAt: Date | null;
  lastProcessedAt: Date | null;
  ids: string[];
}

export interface AuditOfCommands {
  entries: number;
  commands: number;
  lastRecordedAt: Date | null;
}

interface Backlog {
  pendingCommands: number;
  unpublishedOutboxRows: number;
  consumerLag: number;
}

const isQuiet = (backlog: Backlog) => backlog.pendingCommands === 0 && backlog.unpublishedOutboxRows === 0 && backlog.consumerLag === 0;

/**
 * What the bench reads from the system's own databases and broker: how much
 * work is still in flight, and what became of the commands one phase sent
 * (found by the `<prefix>-` of their idempotency keys and externalIds).
 */
export class SystemProbe {
  private readonly pools: Record<DatabaseName, pg.Pool>;
  private readonly admin: Admin;
  /** The server's own `postgres` database, for server-wide statistics. */
  private readonly server: pg.Pool;

  constructor(
    system: BenchSystem,
    private readonly log: (line: string) => void,
  ) {
    const pool = (database: DatabaseName) => {
      const created = new pg.Pool({ connectionString: system.databaseUrl(database), max: 2 });
      // An idle connection dropped by a stopping server must not crash the bench; the next query reconnects.
      created.on('error', () => undefined);
      return created;
    };
    this.pools = { gateway: pool('gateway'), occurrence: pool('occurrence'), dispatch: pool('dispatch'), audit: pool('audit') };
    this.server = new pg.Pool({ connectionString: system.databaseUrl('postgres'), max: 1 });
    this.server.on('error', () => undefined);
    this.admin = new Kafka({ clientId: 'atalaia-bench-probe', brokers: system.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
  }

  async connect(): Promise<void> {
    await this.admin.connect();
  }

  /** The durability settings of the server under test, as it reports them (`SHOW`), e.g. `fsync on, synchronous_commit on, full_page_writes on`. */
  async postgresDurability(): Promise<string> {
    const shown: string[] = [];
    for (const name of ['fsync', 'synchronous_commit', 'full_page_writes']) {
      const { rows } = await this.pools.gateway.query<Record<string, string>>(`SHOW ${name}`);
      shown.push(`${name} ${rows[0]![name]}`);
    }
    return shown.join(', ');
  }

  /**
   * Statements each service database has run so far (pg_stat_statements,
   * BEGIN and COMMIT included), from the server's `postgres` database.
   */
  async statementCalls(): Promise<Map<string, number>> {
    await this.server.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const { rows } = await this.server.query<{ database: string; calls: string }>(
      `SELECT d.datname AS database, sum(s.calls)::text AS calls
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname LIKE 'atalaia\_%' GROUP BY d.datname`,
    );
    return new Map(rows.map((row) => [row.database.replace(/^atalaia_/, ''), Number(row.calls)]));
  }

  async close(): Promise<void> {
    await this.admin.disconnect();
    await Promise.all([...Object.values(this.pools), this.server].map((pool) => pool.end()));
  }

  async pendingCommands(): Promise<number> {
    return this.count('gateway', `SELECT count(*) FROM commands WHERE status = 'pending'`);
  }

  /**
   * Waits until nothing is in flight: no pending command, no unpublished
   * outbox row, no consumer behind its topics. Fails when nothing moves for
   * `stallMs`, so a wedged system ends the phase instead of the bench.
   */
  async waitUntilQuiet(stallMs: number, what: string): Promise<void> {
    let last = '';
    let lastChangeAt = Date.now();
    const progress = this.progressEvery(15_000);
    for (;;) {
      const backlog = await this.backlog();
      if (isQuiet(backlog)) return;
      const now = JSON.stringify(backlog);
      progress(`${what}: ${backlog.pendingCommands} commands pending, ${backlog.unpublishedOutboxRows} outbox rows unpublished, consumers ${backlog.consumerLag} messages behind`);
      if (now !== last) [last, lastChangeAt] = [now, Date.now()];
      else if (Date.now() - lastChangeAt > stallMs) throw new Error(`${what}: no progress for ${stallMs / 1000} s (${now})`);
      await delay(500);
    }
  }

  /** Waits until no command is pending (processing done; events and audit may still flow). */
  async waitUntilProcessed(stallMs: number, what: string): Promise<void> {
    let last = -1;
    let lastChangeAt = Date.now();
    const progress = this.progressEvery(15_000);
    for (let pending = await this.pendingCommands(); pending > 0; pending = await this.pendingCommands()) {
      progress(`${what}: ${pending} commands pending`);
      if (pending !== last) [last, lastChangeAt] = [pending, Date.now()];
      else if (Date.now() - lastChangeAt > stallMs) throw new Error(`${what}: ${pending} commands still pending after ${stallMs / 1000} s without progress`);
      await delay(250);
    }
  }

  async commandsOf(prefix: string): Promise<CommandsOfPrefix> {
    const pattern = [`${prefix}-%`];
    const { rows } = await this.pools.gateway.query<{ total: string; processed: string; failed: string; first: Date | null; last: Date | null }>(
      `SELECT count(*) AS total, count(*) FILTER (WHERE status = 'processed') AS processed, count(*) FILTER (WHERE status = 'failed') AS failed,
              min(created_at) AS first, max(processed_at) AS last
         FROM commands WHERE idempotency_key LIKE $1`,
      pattern,
    );
    const ids = await this.pools.gateway.query<{ id: string }>(`SELECT id FROM commands WHERE idempotency_key LIKE $1`, pattern);
    const row = rows[0]!;
    return {
      total: Number(row.total),
      processed: Number(row.processed),
      failed: Number(row.failed),
      firstCreatedAt: row.first,
      lastProcessedAt: row.last,
      ids: ids.rows.map((command) => command.id),
    };
  }

  /**
   * Accept → processed per command, in ms, from the gateway's own rows:
   * `created_at` is set when the accept transaction starts, `processed_at`
   * when the gateway records the result (one host, one clock).
   */
  async processingLatencies(prefix: string): Promise<number[]> {
    const { rows } = await this.pools.gateway.query<{ ms: number }>(
      `SELECT (extract(epoch FROM processed_at - created_at) * 1000)::float8 AS ms FROM commands WHERE idempotency_key LIKE $1 AND status = 'processed'`,
      [`${prefix}-%`],
    );
    return rows.map((row) => row.ms);
  }

  /**
   * Where accept → processed goes, hop by hop, for the processed commands of
   * `prefix` (medians, ms). Each time is a transaction's now() in the
   * database it comes from: the gateway's accept, the relay's claim of the
   * command row, the occurrence service's consumer transaction, the relay's
   * claim of its result row, the gateway's result transaction.
   */
  async hopLatencies(prefix: string): Promise<Record<string, number>> {
    const { rows: commands } = await this.pools.gateway.query<{ id: string; accepted: Date; processed: Date; message_id: string; claimed: Date | null }>(
      `SELECT c.id, c.created_at AS accepted, c.processed_at AS processed, o.message_id, o.published_at AS claimed
         FROM commands c JOIN outbox_messages o ON o.payload->>'commandId' = c.id::text AND o.topic = $2
        WHERE c.idempotency_key LIKE $1 AND c.status = 'processed'`,
      [`${prefix}-%`, systemTopics.occurrenceCommands],
    );
    const { rows: results } = await this.pools.occurrence.query<{ command_id: string; message_id: string; claimed: Date | null }>(
      `SELECT payload->>'commandId' AS command_id, message_id, published_at AS claimed FROM outbox_messages
        WHERE topic = $2 AND payload->>'commandId' = ANY($1::text[])`,
      [commands.map((command) => command.id), systemTopics.commandResults],
    );
    const consumedAt = await this.firstProcessedAt('occurrence', commands.map((command) => command.message_id));
    const foldedAt = await this.firstProcessedAt('gateway', results.map((result) => result.message_id));
    const resultOf = new Map(results.map((row) => [row.command_id, row]));
    const hops: Record<string, number[]> = {
      'accept → relay claims the command': [],
      'claim → occurrence transaction': [],
      'occurrence transaction → relay claims the result': [],
      'claim → gateway result transaction': [],
      'gateway result transaction → processed_at': [],
    };
    const series = Object.values(hops);
    for (const command of commands) {
      const result = resultOf.get(command.id);
      const times = [command.accepted.getTime(), command.claimed?.getTime(), consumedAt.get(command.message_id), result?.claimed?.getTime(), result && foldedAt.get(result.message_id), command.processed.getTime()];
      if (times.some((time) => time === undefined)) continue;
      for (let hop = 0; hop < series.length; hop += 1) series[hop]!.push(times[hop + 1]! - times[hop]!);
    }
    return Object.fromEntries(Object.entries(hops).map(([hop, values]) => [hop, median(values)]));
  }

  /** When a database's consumers first recorded each message (epoch ms), by message id. */
  private async firstProcessedAt(database: DatabaseName, messageIds: string[]): Promise<Map<string, number>> {
    const { rows } = await this.pools[database].query<{ message_id: string; processed_at: Date }>(
      'SELECT message_id, min(processed_at) AS processed_at FROM processed_messages WHERE message_id = ANY($1::uuid[]) GROUP BY message_id',
      [messageIds],
    );
    return new Map(rows.map((row) => [row.message_id, row.processed_at.getTime()]));
  }

  /** When the gateway accepted each processed intake of `prefix`, by the occurrence it created (epoch ms). */
  async acceptedAtByOccurrence(prefix: string): Promise<Map<string, number>> {
    const { rows } = await this.pools.gateway.query<{ occurrence_id: string; created_at: Date }>(
      `SELECT result->>'occurrenceId' AS occurrence_id, created_at FROM commands WHERE idempotency_key LIKE $1 AND status = 'processed'`,
      [`${prefix}-%`],
    );
    return new Map(rows.map((row) => [row.occurrence_id, row.created_at.getTime()]));
  }

  async occurrencesOf(prefix: string): Promise<number> {
    return this.count('occurrence', `SELECT count(*) FROM occurrences WHERE external_id LIKE $1`, [`${prefix}-%`]);
  }

  async auditOf(commandIds: string[]): Promise<AuditOfCommands> {
    const { rows } = await this.pools.audit.query<{ entries: string; commands: string; last: Date | null }>(
      `SELECT count(*) AS entries, count(DISTINCT command_id) AS commands, max(recorded_at) AS last FROM audit_entries WHERE command_id = ANY($1::uuid[])`,
      [commandIds],
    );
    const row = rows[0]!;
    return { entries: Number(row.entries), commands: Number(row.commands), lastRecordedAt: row.last };
  }

  /** Raw SQL on one of the system's databases, for the limits and the template command. */
  pool(database: DatabaseName): pg.Pool {
    return this.pools[database];
  }

  /** A logger that lets one line through per `intervalMs`, the first one after the interval. */
  private progressEvery(intervalMs: number): (line: string) => void {
    let nextAt = Date.now() + intervalMs;
    return (line) => {
      if (Date.now() < nextAt) return;
      nextAt = Date.now() + intervalMs;
      this.log(line);
    };
  }

  private async backlog(): Promise<Backlog> {
    const unpublished = await Promise.all(
      (['gateway', 'occurrence', 'dispatch'] as const).map((database) => this.count(database, `SELECT count(*) FROM outbox_messages WHERE published_at IS NULL`)),
    );
    return {
      pendingCommands: await this.pendingCommands(),
      unpublishedOutboxRows: unpublished.reduce((sum, count) => sum + count, 0),
      consumerLag: await this.consumerLag(),
    };
  }

  /** Messages on the topics the services consume that their groups have not committed yet. */
  private async consumerLag(): Promise<number> {
    let lag = 0;
    const ends = new Map<string, Map<number, { low: number; high: number }>>();
    const endsOf = async (topic: string) => {
      if (!ends.has(topic)) {
        const offsets = await this.admin.fetchTopicOffsets(topic);
        ends.set(topic, new Map(offsets.map((offset) => [offset.partition, { low: Number(offset.low), high: Number(offset.high) }])));
      }
      return ends.get(topic)!;
    };
    const { groups } = await this.admin.listGroups();
    for (const { groupId } of groups) {
      for (const { topic, partitions } of await this.admin.fetchOffsets({ groupId })) {
        const topicEnds = await endsOf(topic);
        for (const { partition, offset } of partitions) {
          const end = topicEnds.get(partition);
          if (end) lag += end.high - Math.max(Number(offset), end.low);
        }
      }
    }
    return lag;
  }

  private async count(database: DatabaseName, sql: string, values: unknown[] = []): Promise<number> {
    const { rows } = await this.pools[database].query<{ count: string }>(sql, values);
    return Number(rows[0]!.count);
  }
}
