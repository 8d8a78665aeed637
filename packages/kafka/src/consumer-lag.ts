import { setTimeout as delay } from 'node:timers/promises';
import type { Admin } from 'kafkajs';

/** One partition of a topic a consumer group reads: how many messages it has still to handle. */
export interface ConsumerLagRow {
  group: string;
  topic: string;
  partition: number;
  lag: number;
}

/** A consumer group and the topics it reads. */
export interface WatchedConsumerGroup {
  group: string;
  topics: string[];
}

export interface PartitionEnds {
  partition: number;
  low: string;
  high: string;
}

export interface CommittedOffset {
  partition: number;
  offset: string;
}

/**
 * Messages between a group's committed offset and the end of the partition.
 * A group that has committed nothing (`-1`) reads from the beginning, as
 * Atalaia's consumers do, so it has every retained message still ahead; a
 * committed offset below the retained start counts from that start, since
 * older messages no longer exist to be read.
 */
export function partitionLag(committed: string, ends: Omit<PartitionEnds, 'partition'>): number {
  const low = Number(ends.low);
  const high = Number(ends.high);
  const position = Number(committed) < 0 ? low : Math.max(Number(committed), low);
  return Math.max(0, high - position);
}

/** The lag of every partition of `topic` for `group`; a partition with no committed offset counts from its start. */
export function topicLag(group: string, topic: string, ends: PartitionEnds[], committed: CommittedOffset[]): ConsumerLagRow[] {
  const offsets = new Map(committed.map((entry) => [entry.partition, entry.offset]));
  return [...ends]
    .sort((a, b) => a.partition - b.partition)
    .map((end) => ({ group, topic, partition: end.partition, lag: partitionLag(offsets.get(end.partition) ?? '-1', end) }));
}

/**
 * Consumer lag per group, topic and partition, from the broker's offsets: the
 * committed offsets of each group (`fetchOffsets`) against each partition's
 * end (`fetchTopicOffsets`). Topics that do not exist yet have no rows. Plain
 * rows, so an HTTP answer and a metric can both be made from them.
 */
export async function readConsumerLag(admin: Admin, groups: WatchedConsumerGroup[]): Promise<ConsumerLagRow[]> {
  const existing = new Set(await admin.listTopics());
  const wanted = [...new Set(groups.flatMap((watched) => watched.topics))].filter((topic) => existing.has(topic));
  const ends = new Map(await Promise.all(wanted.map(async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const)));
  const perGroup = await Promise.all(
    groups.map(async ({ group, topics }) => {
      const present = topics.filter((topic) => ends.has(topic));
      if (present.length === 0) return [];
      const committed = await whileCoordinatorMoves(() => admin.fetchOffsets({ groupId: group, topics: present }));
      return committed.flatMap(({ topic, partitions }) => topicLag(group, topic, ends.get(topic) ?? [], partitions));
    }),
  );
  return perGroup.flat();
}

/** Errors of a group coordinator still loading or just moved: the broker answers correctly a moment later. */
const coordinatorErrors = new Set(['NOT_COORDINATOR_FOR_GROUP', 'GROUP_LOAD_IN_PROGRESS', 'GROUP_COORDINATOR_NOT_AVAILABLE']);

async function whileCoordinatorMoves<T>(request: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= attempts || !coordinatorErrors.has((error as { type?: string }).type ?? '')) throw error;
      await delay(100);
    }
  }
}
