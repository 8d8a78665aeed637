import type { LatencySummary } from '../percentiles';

interface CommonJob {
  gatewayUrl: string;
  apiKey: string;
  /** Idempotency keys and externalIds are `<prefix>-<n>`, so the bench finds this job's commands in the databases. */
  prefix: string;
}

/** Each client sends its next command as soon as its previous one is answered. */
export interface ClosedLoopJob extends CommonJob {
  kind: 'closed';
  concurrency: number;
  /** Stop after this long, or after `count` commands, whichever comes first. */
  durationMs?: number;
  count?: number;
}

/** Commands leave on a fixed schedule whatever the answers, as independent agencies send them. */
export interface OpenLoopJob extends CommonJob {
  kind: 'open';
  ratePerSecond: number;
  durationMs: number;
}

export type LoadJob = ClosedLoopJob | OpenLoopJob;

export interface LoadResult {
  sent: number;
  accepted: number;
  /** Answers other than 202, by status ("0" is no answer at all), with one example body each. */
  refused: Record<string, { count: number; example: string }>;
  /** Wall-clock times (epoch ms) of the first send and the last answer. */
  firstSentAt: number;
  lastAnsweredAt: number;
  /** 202 latency; in an open loop measured from when the request was due, so a late sender cannot hide queueing. */
  acceptedLatency: LatencySummary;
}
