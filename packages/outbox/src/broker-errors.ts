/**
 * Kafka error codes with which the broker refuses the records themselves:
 * sending them again can never succeed, whatever the producer's state.
 */
const RECORD_REFUSALS = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD', 'CORRUPT_MESSAGE']);

/** Producer-state errors after which a kafkajs idempotent producer fails every later send. */
const FATAL_PRODUCER_ERRORS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
  'INVALID_PRODUCER_ID_MAPPING',
  'DUPLICATE_SEQUENCE_NUMBER',
  'PRODUCER_FENCED',
]);

/** The error and every error it wraps (kafkajs nests the broker's answer in `cause`). */
function* errorChain(error: unknown): Generator<{ name?: string; type?: string; message?: string }> {
  const seen = new Set<unknown>();
  let current = error;
  while (current !== null && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    yield current as { name?: string; type?: string; message?: string };
    current = (current as { cause?: unknown }).cause;
  }
}

/** The broker's code when it refused the records of a send, e.g. `MESSAGE_TOO_LARGE`; otherwise undefined. */
export function recordRefusalOf(error: unknown): string | undefined {
  for (const link of errorChain(error)) {
    if (link.type && RECORD_REFUSALS.has(link.type)) return link.type;
  }
  return undefined;
}

/**
 * A short, bounded label for why a send failed (a Kafka error code, else the
 * error's class name), for logs and metric labels.
 */
export function sendFailureKind(error: unknown): string {
  let name: string | undefined;
  for (const link of errorChain(error)) {
    if (link.type) return link.type;
    name ??= link.name;
  }
  return name ?? 'Error';
}

/** Whether the failure says the producer's own state is broken (sequence, epoch, id), not the broker or the records. */
export function isFatalProducerError(error: unknown): boolean {
  for (const link of errorChain(error)) {
    if (link.type && FATAL_PRODUCER_ERRORS.has(link.type)) return true;
    if (link.message === 'The producer is disconnected') return true;
  }
  return false;
}
