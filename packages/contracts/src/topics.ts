/**
 * Kafka topic names follow one pattern: `atalaia.<domain>.<kind>.v<major>`.
 * A breaking change to a contract gets a new major topic; additive changes keep it.
 * An optional namespace prefix isolates deployments (and test runs) sharing a cluster.
 */
export const topicBaseNames = {
  occurrenceCommands: 'atalaia.occurrence.commands.v1',
  occurrenceEvents: 'atalaia.occurrence.events.v1',
  dispatchCommands: 'atalaia.dispatch.commands.v1',
  dispatchEvents: 'atalaia.dispatch.events.v1',
  unitCommands: 'atalaia.unit.commands.v1',
  unitEvents: 'atalaia.unit.events.v1',
  auditEvents: 'atalaia.audit.events.v1',
  commandResults: 'atalaia.command.results.v1',
} as const;

export type TopicRole = keyof typeof topicBaseNames;
export type Topics = Record<TopicRole, string>;

/** The services that write each topic, always through their outbox (the relay publishes the rows). */
export const topicProducers: Record<TopicRole, readonly string[]> = {
  occurrenceCommands: ['gateway'],
  occurrenceEvents: ['occurrence'],
  dispatchCommands: ['gateway'],
  dispatchEvents: ['dispatch'],
  unitCommands: ['gateway'],
  unitEvents: ['dispatch'],
  auditEvents: ['gateway', 'occurrence', 'dispatch'],
  // The relay writes `command.failed` into the source's outbox when the broker refuses a command's message.
  commandResults: ['occurrence', 'dispatch', 'relay'],
};

export function topicNames(namespace = ''): Topics {
  const prefix = namespace ? `${namespace}.` : '';
  const entries = Object.entries(topicBaseNames).map(([role, name]) => [role, `${prefix}${name}`]);
  return Object.fromEntries(entries) as Topics;
}

export function allTopics(topics: Topics): string[] {
  return Object.values(topics);
}

/** Consumer group ids are namespaced like topics, so isolated deployments never share a group. */
export function consumerGroupId(namespace: string, consumerName: string): string {
  return namespace ? `${namespace}.${consumerName}` : consumerName;
}
