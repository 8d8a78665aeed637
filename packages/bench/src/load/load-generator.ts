import { setTimeout as delay } from 'node:timers/promises';
import { Pool } from 'undici';
import { summarizeLatencies } from '../percentiles';
import type { ClosedLoopJob, LoadJob, LoadResult, OpenLoopJob } from './load-job';

/**
 * The load generator, run as its own process (see `runLoad`) so its CPU is
 * not the gateway's: it posts valid occurrence reports over keep-alive HTTP
 * connections and answers with what it saw.
 */
class CommandSender {
  private readonly pool: Pool;
  private readonly latencies: number[] = [];
  private readonly refused: LoadResult['refused'] = {};
  private sent = 0;
  private accepted = 0;
  private firstSentAt = 0;
  private lastAnsweredAt = 0;

  constructor(
    private readonly job: LoadJob,
    connections: number,
  ) {
    this.pool = new Pool(job.gatewayUrl, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
  }

  /** Sends command `index`; its latency counts from `dueAt` (a performance.now() time). */
  async send(index: number, dueAt = performance.now()): Promise<void> {
    const id = `${this.job.prefix}-${index}`;
    this.sent += 1;
    if (this.firstSentAt === 0) this.firstSentAt = Date.now();
    try {
      const response = await this.pool.request({
        method: 'POST',
        path: '/api/integrations/occurrences',
        headers: { 'x-api-key': this.job.apiKey, 'content-type': 'application/json', 'idempotency-key': id },
        body: JSON.stringify({
          externalId: id,
          type: 'incendio_urbano',
          description: `Incêndio em residência — relatado pelo bench (${id})`,
          reportedAt: '2026-02-01T14:32:00-03:00',
        }),
        headersTimeout: 60_000,
        bodyTimeout: 60_000,
      });
      const body = await response.body.text();
      if (response.statusCode === 202) {
        this.accepted += 1;
        this.latencies.push(performance.now() - dueAt);
      } else this.refuse(String(response.statusCode), body);
    } catch (error) {
      this.refuse('0', (error as Error).message);
    }
    this.lastAnsweredAt = Date.now();
  }

  async finish(): Promise<LoadResult> {
    await this.pool.close();
    const { sent, accepted, refused, firstSentAt, lastAnsweredAt } = this;
    return { sent, accepted, refused, firstSentAt, lastAnsweredAt, acceptedLatency: summarizeLatencies(this.latencies) };
  }

  private refuse(status: string, detail: string): void {
    const entry = (this.refused[status] ??= { count: 0, example: detail.slice(0, 300) });
    entry.count += 1;
  }
}

async function runClosedLoop(job: ClosedLoopJob): Promise<LoadResult> {
  const sender = new CommandSender(job, job.concurrency);
  const endAt = job.durationMs === undefined ? Infinity : performance.now() + job.durationMs;
  const count = job.count ?? Infinity;
  let next = 0;
  const client = async () => {
    while (next < count && performance.now() < endAt) await sender.send(next++);
  };
  await Promise.all(Array.from({ length: job.concurrency }, client));
  return sender.finish();
}

async function runOpenLoop(job: OpenLoopJob): Promise<LoadResult> {
  // Enough connections that a slow gateway queues requests in its own backlog, not in the client.
  const sender = new CommandSender(job, 256);
  const intervalMs = 1_000 / job.ratePerSecond;
  const total = Math.round((job.durationMs / 1_000) * job.ratePerSecond);
  const startAt = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const dueAt = startAt + index * intervalMs;
    const wait = dueAt - performance.now();
    if (wait > 1) await delay(wait);
    inFlight.push(sender.send(index, dueAt));
  }
  await Promise.all(inFlight);
  return sender.finish();
}

export function runLoadJob(job: LoadJob): Promise<LoadResult> {
  return job.kind === 'closed' ? runClosedLoop(job) : runOpenLoop(job);
}

// As a child process: one job in over IPC, one result out, then exit.
if (require.main === module) {
  process.once('message', (job: LoadJob) => {
    runLoadJob(job).then(
      (result) => process.send!({ ok: true, result }, () => process.exit(0)),
      (error: Error) => process.send!({ ok: false, error: error.stack ?? error.message }, () => process.exit(1)),
    );
  });
}
