import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';

export interface LoadAnswer {
  status: number;
  contentType: string | null;
  body: { commandId?: string; code?: string };
  /** The request failed without an HTTP answer (refused connection, timeout). */
  transportError?: string;
  sentAt: number;
}

/** Posts one occurrence report (`label-index`) with a fresh idempotency key and a 10-second timeout. */
async function postOccurrence(gatewayUrl: string, apiKey: string, label: string, index: number): Promise<LoadAnswer> {
  const sentAt = Date.now();
  try {
    const response = await fetch(`${gatewayUrl}/api/integrations/occurrences`, {
      method: 'POST',
      headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify({
        externalId: `${label}-${index}`,
        type: 'incendio_urbano',
        description: `load ${index}`,
        reportedAt: '2026-02-01T14:32:00-03:00',
      }),
      signal: AbortSignal.timeout(10_000),
    });
    return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as LoadAnswer['body'], sentAt };
  } catch (error) {
    return { status: 0, contentType: null, body: {}, transportError: (error as Error).message, sentAt };
  }
}

/**
 * Posts `count` occurrence reports from `concurrency` workers, each pausing
 * `paceMs` between its requests, and records every answer; an aborted `until`
 * ends it early (requests in flight still finish). Bounded in count and time,
 * loopback only.
 */
export async function postOccurrenceLoad(
  gatewayUrl: string,
  apiKey: string,
  count: number,
  concurrency: number,
  label: string,
  paceMs = 0,
  until?: AbortSignal,
): Promise<LoadAnswer[]> {
  const answers: LoadAnswer[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count && !until?.aborted) {
      answers.push(await postOccurrence(gatewayUrl, apiKey, label, next++));
      if (paceMs > 0) await delay(paceMs);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return answers;
}
