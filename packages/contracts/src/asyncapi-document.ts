import { cloudEventHeaderDescriptions, cloudEventType, CLOUD_EVENTS_SPEC_VERSION, MESSAGE_CONTENT_TYPE, messageSchemaId, requiredCloudEventHeaders } from './cloud-events';
import { compatibilityPolicy, messageJsonSchema, type JsonSchema } from './contract-documents';
import { consumerGroups, type ConsumerGroupDefinition } from './consumer-groups';
import { deadLetterHeaders, deadLetterTopic } from './dead-letter-topics';
import { messageCatalog, type MessageType } from './message-catalog';
import { topicBaseNames, topicProducers, type TopicRole } from './topics';

const KAFKA_BINDING_VERSION = '0.5.0';
/** What an installation creates its topics with unless configured otherwise; per-key order holds for any count. */
const DEFAULT_TOPIC_PARTITIONS = 12;
/** Consumers create their dead-letter topics with one partition: letters are few and read in order. */
const DEAD_LETTER_PARTITIONS = 1;

const channelDescriptions: Record<TopicRole, string> = {
  occurrenceCommands: 'Commands for occurrences, accepted by the gateway.',
  occurrenceEvents: 'Every change to an occurrence, in order per occurrence.',
  dispatchCommands: 'Commands for dispatches, accepted by the gateway.',
  dispatchEvents: 'Every change to a dispatch, in order per dispatch.',
  unitCommands: 'Commands for the units registry, accepted by the gateway.',
  unitEvents: 'Every change to a unit: registration, edits, retirement and each status change.',
  auditEvents: 'One audit entry per state change of any service.',
  commandResults: 'The outcome of every command.',
};

/** The record key of each topic's messages (also the `ce_partitionkey` header): one aggregate's messages share a partition, so keep their order. */
const keyDescriptions: Record<TopicRole, string> = {
  occurrenceCommands: 'The occurrence id; an intake is keyed with the id the occurrence will have (a UUIDv5 of agency and externalId).',
  occurrenceEvents: 'The occurrence id.',
  dispatchCommands: 'The occurrence id (a new dispatch) or the dispatch id.',
  dispatchEvents: 'The dispatch id.',
  unitCommands: 'The unit id (a bulk import: the agency id).',
  unitEvents: 'The unit id.',
  auditEvents: 'The aggregate id.',
  commandResults: 'The command id.',
};

const roles = Object.keys(topicBaseNames) as TopicRole[];
const types = (Object.keys(messageCatalog) as MessageType[]).sort();
const messageName = (type: MessageType) => `${type.replaceAll('.', '_')}_v${messageCatalog[type].version}`;
const channelRef = (channel: string) => ({ $ref: `#/channels/${channel}` });
const deadLetterChannel = (role: TopicRole) => `${role}DeadLetters`;
/** Topics some consumer group commits offsets on: their consumers set poison messages aside in `<topic>.dlq`. */
const committingGroups = consumerGroups.filter((group) => !group.perInstance);
const deadLetterRoles = roles.filter((role) => committingGroups.some((group) => group.reads.includes(role)));

/** The headers every message carries; each message pins down its own `ce_type`, `ce_dataschema` and `message-type`. */
function kafkaHeaders(): JsonSchema {
  const formats: Record<string, JsonSchema> = {
    ce_specversion: { const: CLOUD_EVENTS_SPEC_VERSION },
    ce_id: { format: 'uuid' },
    ce_source: { format: 'uri-reference', pattern: '^/' },
    ce_time: { format: 'date-time' },
    'content-type': { const: MESSAGE_CONTENT_TYPE },
    ce_dataschema: { format: 'uri' },
  };
  const cloudEvents = Object.entries(cloudEventHeaderDescriptions).map(([name, description]) => [name, { type: 'string', description, ...formats[name] }]);
  return {
    type: 'object',
    description: 'CloudEvents 1.0, Kafka binding, binary content mode: the attributes are `ce_*` headers and the value is the envelope.',
    properties: {
      ...Object.fromEntries(cloudEvents),
      'message-id': { type: 'string', format: 'uuid', description: 'The envelope id, as ce_id (older consumers read this one).' },
      'message-type': { type: 'string', description: 'The envelope type, without its version.' },
      traceparent: { type: 'string', description: 'W3C trace context of the span that sent the message.' },
      tracestate: { type: 'string', description: 'W3C trace state, when there is one.' },
    },
    required: ['message-id', 'message-type', ...requiredCloudEventHeaders],
  };
}

function messageHeaders(type: MessageType): JsonSchema {
  const { version } = messageCatalog[type];
  return {
    allOf: [{ $ref: '#/components/schemas/kafkaHeaders' }],
    properties: { ce_type: { const: cloudEventType(type, version) }, ce_dataschema: { const: messageSchemaId(type, version) }, 'message-type': { const: type } },
  };
}

function message(type: MessageType): JsonSchema {
  const { version, topic } = messageCatalog[type];
  return {
    name: type,
    title: `${type} v${version}`,
    contentType: MESSAGE_CONTENT_TYPE,
    headers: messageHeaders(type),
    payload: { schemaFormat: 'application/schema+json;version=draft-2020-12', schema: messageJsonSchema(type) },
    bindings: { kafka: { key: { type: 'string', description: keyDescriptions[topic] }, bindingVersion: KAFKA_BINDING_VERSION } },
  };
}

const deadLetterMessage = {
  name: 'dead-letter',
  title: 'A message a consumer could not process',
  summary: 'The original key, value and headers, unchanged (the value may not even be JSON), plus why and where from.',
  headers: {
    type: 'object',
    properties: Object.fromEntries(Object.values(deadLetterHeaders).map((name) => [name, { type: 'string' }])),
    required: Object.values(deadLetterHeaders),
  },
  payload: { description: 'The original value, byte for byte.' },
};

function channels(): JsonSchema {
  const topicChannels = roles.map((role) => [
    role,
    {
      address: topicBaseNames[role],
      description: channelDescriptions[role],
      messages: Object.fromEntries(types.filter((type) => messageCatalog[type].topic === role).map((type) => [messageName(type), { $ref: `#/components/messages/${messageName(type)}` }])),
      bindings: { kafka: { topic: topicBaseNames[role], partitions: DEFAULT_TOPIC_PARTITIONS, bindingVersion: KAFKA_BINDING_VERSION } },
    },
  ]);
  const deadLetterChannels = deadLetterRoles.map((role) => [
    deadLetterChannel(role),
    {
      address: deadLetterTopic(topicBaseNames[role]),
      description: `What the consumers of ${topicBaseNames[role]} set aside: operators list and re-drive it.`,
      messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
      bindings: { kafka: { topic: deadLetterTopic(topicBaseNames[role]), partitions: DEAD_LETTER_PARTITIONS, bindingVersion: KAFKA_BINDING_VERSION } },
    },
  ]);
  return Object.fromEntries([...topicChannels, ...deadLetterChannels]);
}

/** Group ids are namespaced like topics (`<namespace>.<name>`); the document names them un-namespaced, as it does topics. */
function groupIdSchema(group: ConsumerGroupDefinition): JsonSchema {
  return group.perInstance
    ? { type: 'string', pattern: `^${group.name.replaceAll('.', '\\.')}\\..+$`, description: `${group.name}.<instance id>: one group per instance.` }
    : { type: 'string', enum: [group.name] };
}

const receiveBinding = (groupId: JsonSchema) => ({ kafka: { groupId, bindingVersion: KAFKA_BINDING_VERSION } });

function operations(): JsonSchema {
  const sends = roles.flatMap((role) =>
    topicProducers[role].map((service) => [
      `${service}.send.${role}`,
      { action: 'send', channel: channelRef(role), summary: `${service} publishes to ${topicBaseNames[role]} through its outbox.` },
    ]),
  );
  const receives = consumerGroups.flatMap((group) =>
    group.reads.map((role) => [
      `${group.name}.receive.${role}`,
      { action: 'receive', channel: channelRef(role), summary: `${group.service}: ${group.summary}`, bindings: receiveBinding(groupIdSchema(group)) },
    ]),
  );
  const deadLetters = deadLetterRoles.flatMap((role) => [
    ...committingGroups
      .filter((group) => group.reads.includes(role))
      .map((group) => [
        `${group.name}.send.${deadLetterChannel(role)}`,
        { action: 'send', channel: channelRef(deadLetterChannel(role)), summary: `${group.name} sets aside a message it cannot process.` },
      ]),
    [
      `operators.receive.${deadLetterChannel(role)}`,
      {
        action: 'receive',
        channel: channelRef(deadLetterChannel(role)),
        summary: 'The dead-letter tools (`npm run dlq`, the operations API) read it with a throwaway group.',
        bindings: receiveBinding({ type: 'string', pattern: '^atalaia-dlq-reader-[0-9a-f-]{36}$' }),
      },
    ],
  ]);
  return Object.fromEntries([...sends, ...receives, ...deadLetters]);
}

/**
 * The AsyncAPI 3.0 document of Atalaia's Kafka contract, generated from the
 * same zod schemas producers and consumers parse with.
 */
export function asyncApiDocument(): JsonSchema {
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Atalaia events and commands',
      version: '1.0.0',
      description: [
        'Every message is one JSON envelope (id, type, version, source, time, aggregateType, subject, commandId, causationId, correlationId, actor, traceparent, data) and a CloudEvent 1.0 in the Kafka binding\'s binary mode: its attributes are `ce_*` headers, its data the envelope.',
        'Topics follow atalaia.<domain>.<kind>.v<major>; deployments may prefix topics and consumer group ids with a namespace (`<namespace>.`).',
        compatibilityPolicy,
      ].join(' '),
    },
    defaultContentType: MESSAGE_CONTENT_TYPE,
    channels: channels(),
    operations: operations(),
    components: {
      schemas: { kafkaHeaders: kafkaHeaders() },
      messages: { ...Object.fromEntries(types.map((type) => [messageName(type), message(type)])), deadLetter: deadLetterMessage },
    },
  };
}
