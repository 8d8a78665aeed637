import { z } from 'zod';
import { ProblemError } from '@atalaia/http';
import { currentTraceCarrier } from '@atalaia/telemetry';
import { outboxStatusSchema } from './operations-schemas';

const relayAnswerSchema = z.object({ outbox: z.array(outboxStatusSchema) });

/**
 * The outbox figures belong to the relay, which reads every source database
 * for its metrics: the gateway asks it (`GET /outbox/status`) rather than
 * reading other services' databases.
 */
export async function fetchOutboxStatus(relayServiceUrl: string): Promise<z.infer<typeof outboxStatusSchema>[]> {
  let response: Response;
  try {
    response = await fetch(new URL('/outbox/status', relayServiceUrl), { headers: { ...currentTraceCarrier() }, signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    throw new ProblemError(503, 'UPSTREAM_UNAVAILABLE', 'The relay is unavailable', `the relay did not answer: ${(error as Error).message}`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  const parsed = relayAnswerSchema.safeParse(body);
  if (!response.ok || !parsed.success) {
    const detail = (body as { detail?: unknown } | undefined)?.detail;
    throw new ProblemError(503, 'UPSTREAM_UNAVAILABLE', 'The relay could not read the outboxes', typeof detail === 'string' ? detail : `relay answered ${response.status}`);
  }
  return parsed.data.outbox;
}
