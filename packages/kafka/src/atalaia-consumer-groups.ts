import { consumerGroupId, type TopicRole, type Topics } from '@atalaia/contracts';
import type { WatchedConsumerGroup } from './consumer-lag';

/**
 * Every consumer of an installation and the topic(s) it reads, under the names
 * the services give them (`*_CONSUMER` in each service's consumers folder).
 * Operations tooling reads lag for exactly these groups; the operations
 * end-to-end test checks that the groups a running system creates are these.
 */
export const atalaiaConsumers: ReadonlyArray<{ name: string; reads: TopicRole | readonly TopicRole[] }> = [
  { name: 'gateway.command-results', reads: 'commandResults' },
  { name: 'occurrence.commands', reads: 'occurrenceCommands' },
  { name: 'dispatch.commands', reads: 'dispatchCommands' },
  { name: 'dispatch.occurrence-events', reads: 'occurrenceEvents' },
  { name: 'dispatch.unit-commands', reads: 'unitCommands' },
  { name: 'dispatch.response-times', reads: ['occurrenceEvents', 'dispatchEvents'] },
  { name: 'audit.entries', reads: 'auditEvents' },
];

/** The installation's consumer groups (namespaced like its topics) and what each reads. */
export function atalaiaConsumerGroups(namespace: string, topics: Topics): WatchedConsumerGroup[] {
  return atalaiaConsumers.map(({ name, reads }) => ({ group: consumerGroupId(namespace, name), topics: [reads].flat().map((role) => topics[role]) }));
}
