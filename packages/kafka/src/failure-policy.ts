import { isTransientFailure } from '@atalaia/database';
import { RetryableMessageError } from './retryable-error';

export type FailureKind = 'transient' | 'permanent';

/**
 * Whether a handler failure may pass by itself (a database restart, a lock
 * conflict, a read model catching up) or will fail the same way every time.
 * Transient failures are retried for as long as they last; permanent ones a
 * few times, then the message is dead-lettered.
 */
export function classifyFailure(error: unknown): FailureKind {
  return error instanceof RetryableMessageError || isTransientFailure(error) ? 'transient' : 'permanent';
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
