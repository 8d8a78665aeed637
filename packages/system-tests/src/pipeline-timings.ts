import { setTimeout as delay } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import { readConsumerLag, type WatchedConsumerGroup } from '@atalaia/kafka';
import { queryRows } from './chaos-support';

/** One reading of a consumer group: its state and members (describeGroups) and its lag summed over partitions. */
export interface GroupSample {
  at: number;
  group: string;
  state: string;
  members: number;
  lag: number;
}

/**
 * Reads every group's state and lag from the broker every `intervalMs`
 * until stopped: what a failover looks like from the consumer side.
 */
export class ConsumerGroupWatch {
  readonly samples: GroupSample[] = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly admin: Admin,
    private readonly groups: WatchedConsumerGroup[],
    intervalMs = 250,
  ) {
    this.loop = this.run(intervalMs);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** The latest reading of each group. */
  latest(): GroupSample[] {
    return this.groups.flatMap(({ group }) => this.samples.findLast((sample) => sample.group === group) ?? []);
  }

  private async run(intervalMs: number): Promise<void> {
    while (this.running) {
      const at = Date.now();
      try {
        const [described, lag] = await Promise.all([this.admin.describeGroups(this.groups.map(({ group }) => group)), readConsumerLag(this.admin, this.groups)]);
        for (const { groupId, state, members } of described.groups) {
          const total = lag.filter((row) => row.group === groupId).reduce((sum, row) => sum + row.lag, 0);
          this.samples.push({ at, group: groupId, state, members: members.length, lag: total });
        }
      } catch {
        // A coordinator moving during a rebalance: the next reading has it.
      }
      await delay(intervalMs);
    }
  }
}

/** How long `group` spent out of the Stable state (rebalancing) after `since`, from consecutive readings. */
export function rebalancingMs(samples: GroupSample[], group: string, since: number): number {
  const own = samples.filter((sample) => sample.group === group && sample.at >= since);
  return own.slice(0, -1).reduce((sum, sample, index) => (sample.state === 'Stable' ? sum : sum + own[index + 1]!.at - sample.at), 0);
}

/** The first reading after `since` from which `group`'s lag stayed 0 to the last reading; undefined while it has not. */
export function lagZeroSince(samples: GroupSample[], group: string, since: number): number | undefined {
  const own = samples.filter((sample) => sample.group === group && sample.at >= since);
  const lastBehind = own.findLastIndex((sample) => sample.lag > 0);
  return own[lastBehind + 1]?.at;
}

async function queryOne<T>(databaseUrl: string, sql: string, values: unknown[]): Promise<T | undefined> {
  return (await queryRows<T>(databaseUrl, sql, values))[0];
}

/**
 * The first outbox row published after `since` (published_at is the start of
 * the claiming transaction): after the leader is killed, the first publish of
 * whichever relay took over. Undefined when none was.
 */
export async function firstPublishAfter(databaseUrl: string, since: number): Promise<number | undefined> {
  const row = await queryOne<{ at: Date | null }>(databaseUrl, 'SELECT min(published_at) AS at FROM outbox_messages WHERE published_at > $1', [new Date(since)]);
  return row?.at?.getTime();
}

/**
 * The longest time between two consecutive messages `consumer` applied
 * (its inbox rows) within [from, to], and when it began: while work waited,
 * the pause its group took.
 */
export async function longestProcessingGap(databaseUrl: string, consumer: string, from: number, to: number): Promise<{ ms: number; startedAt: number } | undefined> {
  const row = await queryOne<{ ms: number; started_at: Date }>(
    databaseUrl,
    `SELECT extract(epoch FROM processed_at - previous) * 1000 AS ms, previous AS started_at FROM (
       SELECT processed_at, lag(processed_at) OVER (ORDER BY processed_at) AS previous
       FROM processed_messages WHERE consumer = $1 AND processed_at BETWEEN $2 AND $3) gaps
     WHERE previous IS NOT NULL ORDER BY ms DESC LIMIT 1`,
    [consumer, new Date(from), new Date(to)],
  );
  return row ? { ms: Number(row.ms), startedAt: row.started_at.getTime() } : undefined;
}

/**
 * The longest a message published within [from, to] waited between its
 * publication (its outbox row in one of `outboxUrls`) and its application by
 * `consumer` (its inbox row in `inboxUrl`): for the keys of a killed member's
 * partitions, the whole pause until another member took them over.
 */
export async function longestWait(
  outboxUrls: string[],
  inboxUrl: string,
  consumer: string,
  from: number,
  to: number,
): Promise<{ ms: number; publishedAt: number } | undefined> {
  const published = (
    await Promise.all(
      outboxUrls.map((url) =>
        queryRows<{ id: string; at: Date }>(url, 'SELECT message_id::text AS id, published_at AS at FROM outbox_messages WHERE published_at BETWEEN $1 AND $2', [new Date(from), new Date(to)]),
      ),
    )
  ).flat();
  const applied = new Map(
    (await queryRows<{ id: string; at: Date }>(inboxUrl, 'SELECT message_id::text AS id, processed_at AS at FROM processed_messages WHERE consumer = $1 AND processed_at >= $2', [consumer, new Date(from)])).map(
      ({ id, at }) => [id, at.getTime()],
    ),
  );
  let longest: { ms: number; publishedAt: number } | undefined;
  for (const { id, at } of published) {
    const appliedAt = applied.get(id);
    if (appliedAt !== undefined && (!longest || appliedAt - at.getTime() > longest.ms)) longest = { ms: appliedAt - at.getTime(), publishedAt: at.getTime() };
  }
  return longest;
}
