import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { occurrenceIdFor } from '@atalaia/contracts';

export type LifecycleStep = 'report' | 'start' | 'resolve';

export interface AcceptedCommand {
  step: LifecycleStep;
  commandId: string;
  gatewayUrl: string;
  acceptedAt: number;
}

/** One occurrence's report, start and resolve, as the gateways accepted them, in order. */
export interface Lifecycle {
  occurrenceId: string;
  commands: AcceptedCommand[];
}

export interface LifecycleLoadOptions {
  gatewayUrls: string[];
  apiKey: string;
  /** The API key's agency: with the external id it names the occurrence before it exists. */
  agencyId: string;
  label: string;
  concurrency: number;
  /** Each worker's pause between lifecycles. */
  paceMs: number;
}

export interface LifecycleLoad {
  /** Lifecycles whose three commands were accepted, as they complete. */
  readonly lifecycles: Lifecycle[];
  /** Requests that got no 202 after their retries. */
  readonly refused: string[];
  /** Lets the lifecycles in flight finish and starts no more; resolves when they have. */
  stop(): Promise<void>;
}

const steps: ReadonlyArray<{ step: LifecycleStep; path: (occurrenceId: string) => string; body: (externalId: string) => unknown }> = [
  {
    step: 'report',
    path: () => '/api/integrations/occurrences',
    body: (externalId) => ({ externalId, type: 'incendio_urbano', description: 'Incêndio em residência', reportedAt: '2026-02-01T14:32:00-03:00' }),
  },
  { step: 'start', path: (id) => `/api/occurrences/${id}/start`, body: () => ({}) },
  { step: 'resolve', path: (id) => `/api/occurrences/${id}/resolve`, body: () => ({ note: 'Fogo extinto' }) },
];

/**
 * Posts one command, retrying with the same Idempotency-Key (as a client
 * should) when there is no answer or a 5xx/429; the command id once accepted.
 */
export async function postCommand(gatewayUrl: string, apiKey: string, path: string, body: unknown, idempotencyKey = randomUUID()): Promise<string | string[]> {
  const problems: string[] = [];
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    try {
      const response = await fetch(`${gatewayUrl}${path}`, {
        method: 'POST',
        headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      const answer = (await response.json()) as { commandId?: string; code?: string };
      if (response.status === 202 && answer.commandId) return answer.commandId;
      problems.push(`${response.status} ${answer.code ?? ''}`);
      if (response.status < 500 && response.status !== 429) break;
    } catch (error) {
      problems.push((error as Error).message);
    }
    await delay(200 * attempt);
  }
  return problems.map((problem) => `POST ${gatewayUrl}${path}: ${problem}`);
}

/**
 * Occurrence lifecycles — report, start, resolve — from `concurrency`
 * workers until stopped. Each command is sent once the one before it is
 * accepted, and a lifecycle's commands alternate between the gateways, so
 * its order of acceptance spans gateways: occurrence i is reported through
 * gateway i, started through the next and resolved through gateway i again.
 * The occurrence id is known before it exists (a function of the agency and
 * the external id), so nothing waits for processing.
 */
export function startLifecycleLoad(options: LifecycleLoadOptions): LifecycleLoad {
  const lifecycles: Lifecycle[] = [];
  const refused: string[] = [];
  let stopping = false;
  let next = 0;
  const runOne = async (index: number) => {
    const externalId = `${options.label}-${index}`;
    const occurrenceId = occurrenceIdFor(options.agencyId, externalId);
    const commands: AcceptedCommand[] = [];
    for (const [position, { step, path, body }] of steps.entries()) {
      const gatewayUrl = options.gatewayUrls[(index + position) % options.gatewayUrls.length]!;
      const accepted = await postCommand(gatewayUrl, options.apiKey, path(occurrenceId), body(externalId));
      if (typeof accepted !== 'string') return void refused.push(...accepted);
      commands.push({ step, commandId: accepted, gatewayUrl, acceptedAt: Date.now() });
    }
    lifecycles.push({ occurrenceId, commands });
  };
  const worker = async () => {
    while (!stopping) {
      await runOne(next++);
      await delay(options.paceMs);
    }
  };
  const workers = Promise.all(Array.from({ length: options.concurrency }, worker));
  return {
    lifecycles,
    refused,
    stop: async () => {
      stopping = true;
      await workers;
    },
  };
}
