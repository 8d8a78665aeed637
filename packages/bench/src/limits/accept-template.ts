import type pg from 'pg';

/** One real accepted command as the gateway stored it: the shape L1 replays and L2's messages copy. */
export interface AcceptTemplate {
  agencyId: string;
  type: string;
  commandPayload: string;
  payloadHash: string;
  traceparent: string | null;
  topic: string;
  outboxPayload: string;
  outboxHeaders: Record<string, string>;
}

/**
 * Posts one command while the relay is paused and reads back the rows its
 * accept transaction wrote, before anything can publish or clean them up.
 */
export async function captureAcceptTemplate(gateway: pg.Pool, post: () => Promise<string>): Promise<AcceptTemplate> {
  const commandId = await post();
  const command = await gateway.query<{ agency_id: string; type: string; payload: string; payload_hash: string; traceparent: string | null }>(
    `SELECT agency_id, type, payload::text AS payload, payload_hash, traceparent FROM commands WHERE id = $1`,
    [commandId],
  );
  // The accept transaction committed both rows before the 202, so both are there now.
  const outbox = await gateway.query<{ topic: string; payload: string; headers: Record<string, string> }>(
    `SELECT topic, payload::text AS payload, headers FROM outbox_messages WHERE payload->>'commandId' = $1`,
    [commandId],
  );
  const row = outbox.rows[0];
  const stored = command.rows[0];
  if (row && stored) {
    return {
      agencyId: stored.agency_id,
      type: stored.type,
      commandPayload: stored.payload,
      payloadHash: stored.payload_hash,
      traceparent: stored.traceparent,
      topic: row.topic,
      outboxPayload: row.payload,
      outboxHeaders: row.headers,
    };
  }
  throw new Error(`the rows of command ${commandId} were not found in commands and outbox_messages (payload->>'commandId')`);
}
