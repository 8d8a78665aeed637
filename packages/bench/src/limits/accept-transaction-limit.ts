import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { AcceptTemplate } from './accept-template';

export interface LimitResult {
  operations: number;
  elapsedMs: number;
  perSecond: number;
}

// The statement shapes of CommandStore.accept and writeOutboxMessages, so
// whatever triggers and indexes the schema has run here as they do there.
const insertCommand = {
  name: 'bench-l1-insert-command',
  text: `INSERT INTO commands (id, client_id, agency_id, idempotency_key, type, scope_key, payload, payload_hash,
                           correlation_id, traceparent, expires_at)
         VALUES ($1::uuid, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11)
         ON CONFLICT (client_id, idempotency_key) DO NOTHING
         RETURNING created_at`,
};
const insertOutbox = {
  name: 'bench-l1-insert-outbox',
  text: `INSERT INTO outbox_messages (message_id, topic, message_key, payload, headers) VALUES ($1::uuid, $2, $3, $4::jsonb, $5::jsonb)`,
};

const L1_CLIENT = 'atalaia-bench-l1';

async function acceptOnce(client: pg.PoolClient, template: AcceptTemplate, written: { commands: string[]; messages: string[] }): Promise<void> {
  const commandId = randomUUID();
  const messageId = randomUUID();
  const key = randomUUID();
  await client.query('BEGIN');
  await client.query({
    ...insertCommand,
    values: [
      commandId, L1_CLIENT, template.agencyId, `l1-${commandId}`, template.type, `${template.agencyId}:${key}`, template.commandPayload,
      template.payloadHash, randomBytes(8).toString('hex'), template.traceparent, new Date(Date.now() + 24 * 3_600_000),
    ],
  });
  await client.query({
    ...insertOutbox,
    values: [messageId, template.topic, key, template.outboxPayload, JSON.stringify({ ...template.outboxHeaders, 'message-id': messageId })],
  });
  await client.query('COMMIT');
  written.commands.push(commandId);
  written.messages.push(messageId);
}

/**
 * L1: the gateway's accept transaction replayed straight on its PostgreSQL at
 * `concurrency` connections. The caller pauses the relay first; the rows are
 * deleted afterwards so nothing replayed here is ever published or processed.
 */
export async function measureAcceptTransactionLimit(
  databaseUrl: string,
  template: AcceptTemplate,
  options: { concurrency: number; durationMs: number },
): Promise<LimitResult> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.concurrency });
  const written = { commands: [] as string[], messages: [] as string[] };
  try {
    const clients = await Promise.all(Array.from({ length: options.concurrency }, () => pool.connect()));
    const startedAt = performance.now();
    const endAt = startedAt + options.durationMs;
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < endAt) await acceptOnce(client, template, written);
      }),
    );
    const elapsedMs = performance.now() - startedAt;
    clients.forEach((client) => client.release());
    await removeReplayedRows(pool, written);
    return { operations: written.commands.length, elapsedMs, perSecond: (written.commands.length / elapsedMs) * 1_000 };
  } finally {
    await pool.end();
  }
}

async function removeReplayedRows(pool: pg.Pool, written: { commands: string[]; messages: string[] }): Promise<void> {
  for (let start = 0; start < written.messages.length; start += 5_000) {
    await pool.query(`DELETE FROM outbox_messages WHERE message_id = ANY($1::uuid[])`, [written.messages.slice(start, start + 5_000)]);
  }
  await pool.query(`DELETE FROM commands WHERE client_id = $1`, [L1_CLIENT]);
}
