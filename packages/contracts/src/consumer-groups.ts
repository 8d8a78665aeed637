import type { TopicRole } from './topics';

export interface ConsumerGroupDefinition {
  /** The group id before the namespace (see `consumerGroupId`): the `*_CONSUMER` name in the service's consumers folder. */
  name: string;
  service: string;
  reads: readonly TopicRole[];
  /** One group per running instance, `<name>.<instanceId>`: each instance reads everything and commits nothing. */
  perInstance?: boolean;
  summary: string;
}

/**
 * Every consumer group of an installation and the topics it reads: the
 * AsyncAPI document's `receive` operations and the operations tooling's
 * consumer-lag watch both come from this table.
 */
export const consumerGroups: readonly ConsumerGroupDefinition[] = [
  { name: 'gateway.command-results', service: 'gateway', reads: ['commandResults'], summary: 'Folds each command result into the command the gateway accepted.' },
  {
    name: 'gateway.live-stream',
    service: 'gateway',
    reads: ['occurrenceEvents', 'dispatchEvents', 'unitEvents', 'commandResults'],
    perInstance: true,
    summary: 'Feeds the live stream (server-sent events) of one gateway instance, from the newest offsets.',
  },
  { name: 'occurrence.commands', service: 'occurrence', reads: ['occurrenceCommands'], summary: 'Applies occurrence commands.' },
  { name: 'dispatch.commands', service: 'dispatch', reads: ['dispatchCommands'], summary: 'Applies dispatch commands.' },
  { name: 'dispatch.occurrence-events', service: 'dispatch', reads: ['occurrenceEvents'], summary: "Keeps the dispatch service's view of occurrences." },
  { name: 'dispatch.unit-commands', service: 'dispatch', reads: ['unitCommands'], summary: 'Applies units registry commands.' },
  {
    name: 'dispatch.response-times',
    service: 'dispatch',
    reads: ['occurrenceEvents', 'dispatchEvents'],
    summary: 'Measures response intervals from occurrence and dispatch events.',
  },
  { name: 'audit.entries', service: 'audit', reads: ['auditEvents'], summary: 'Stores the audit trail.' },
];
