import { consumerGroupId, consumerGroups, type TopicRole, type Topics } from '@atalaia/contracts';
import type { WatchedConsumerGroup } from './consumer-lag';

/**
 * The consumer groups whose lag operations tooling watches, under the names
 * the services give them (`*_CONSUMER` in each service's consumers folder):
 * the contract's consumer groups less the per-instance live stream, which
 * commits no offsets. The operations end-to-end test checks that the groups a
 * running system creates are these.
 */
export const atalaiaConsumers: ReadonlyArray<{ name: string; reads: TopicRole | readonly TopicRole[] }> = consumerGroups
  .filter((group) => !group.perInstance)
  .map(({ name, reads }) => ({ name, reads }));

/** The installation's consumer groups (namespaced like its topics) and what each reads. */
export function atalaiaConsumerGroups(namespace: string, topics: Topics): WatchedConsumerGroup[] {
  return atalaiaConsumers.map(({ name, reads }) => ({ group: consumerGroupId(namespace, name), topics: [reads].flat().map((role) => topics[role]) }));
}
