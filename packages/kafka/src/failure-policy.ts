import { RetryableMessageError } from './retryable-error';

export type FailureKind = 'transient' | 'permanent';

/** Postgres SQLSTATEs and Prisma codes that say "try again later", not "this message is wrong". */
const transientCodes = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'P1001', // Prisma: cannot reach database
  'P1002',
  'P1008',
  'P1017',
  'P2024', // Prisma: connection pool timeout
  'P2034', // Prisma: write conflict or deadlock
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

const transientMessage = /connection (terminated|refused|closed|reset)|ECONNREFUSED|ECONNRESET|terminating connection|Connection terminated|Can't reach database|timed out|deadlock|could not serialize/i;

function* causes(error: unknown): Generator<Record<string, unknown>> {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth += 1) {
    yield current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
}

/**
 * Whether a handler failure may pass by itself (a database restart, a lock
 * conflict, a read model catching up) or will fail the same way every time.
 * Transient failures are retried for as long as they last; permanent ones a
 * few times, then the message is dead-lettered.
 */
export function classifyFailure(error: unknown): FailureKind {
  for (const cause of causes(error)) {
    if (cause instanceof RetryableMessageError) return 'transient';
    for (const key of ['code', 'sqlState', 'originalCode'] as const) {
      const code = cause[key];
      if (typeof code === 'string' && transientCodes.has(code)) return 'transient';
    }
    const message = cause.message;
    if (typeof message === 'string' && transientMessage.test(message)) return 'transient';
  }
  return 'permanent';
}

export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/** Exponential backoff with full jitter: a random wait in [0, min(max, base·2^(attempt−1))]. */
export function backoffDelay(attempt: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
