/** An outbox row as the relay claims it. */
export interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  payload: unknown;
  headers: Record<string, string>;
}

/** A row ready for Kafka, with what it weighs on the wire. */
export interface OutboxRecord {
  row: OutboxRow;
  value: string;
  /** Key, value and headers in bytes, plus Kafka's per-record framing. */
  bytes: number;
}

export interface SendLimits {
  /** The most one send may carry: a request well under the broker's limit. */
  maxBatchBytes: number;
  /** The largest record the broker accepts (its `message.max.bytes`, less batch framing). */
  maxMessageBytes: number;
  /** The most rows one send may carry. */
  maxBatchRows: number;
}

export interface SendPlan {
  /** Sends in id order; each within the limits. */
  sends: OutboxRecord[][];
  /** Rows no broker with these limits would accept, in id order. */
  oversized: OutboxRecord[];
}

/** Per-record framing (length, attributes, deltas, varint lengths), rounded up. */
const RECORD_OVERHEAD_BYTES = 32;
const HEADER_OVERHEAD_BYTES = 8;

export function toRecord(row: OutboxRow): OutboxRecord {
  const value = JSON.stringify(row.payload);
  let bytes = RECORD_OVERHEAD_BYTES + Buffer.byteLength(row.message_key) + Buffer.byteLength(value);
  for (const [name, header] of Object.entries(row.headers)) {
    bytes += HEADER_OVERHEAD_BYTES + Buffer.byteLength(name) + Buffer.byteLength(String(header));
  }
  return { row, value, bytes };
}

/**
 * Splits claimed rows, in id order, into sends bounded by bytes and rows.
 * A row larger than the broker's record limit can never be sent: it is left
 * out of every send so the rest flows, and the caller sets it aside.
 */
export function planSends(records: OutboxRecord[], limits: SendLimits): SendPlan {
  const sends: OutboxRecord[][] = [];
  const oversized: OutboxRecord[] = [];
  let current: OutboxRecord[] = [];
  let currentBytes = 0;
  for (const record of records) {
    if (record.bytes > limits.maxMessageBytes) {
      oversized.push(record);
      continue;
    }
    const full = current.length >= limits.maxBatchRows || currentBytes + record.bytes > limits.maxBatchBytes;
    if (current.length > 0 && full) {
      sends.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(record);
    currentBytes += record.bytes;
  }
  if (current.length > 0) sends.push(current);
  return { sends, oversized };
}
