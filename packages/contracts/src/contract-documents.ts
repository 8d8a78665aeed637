import { z } from 'zod';
import { envelopeSchema } from './envelope';
import { messageCatalog, type MessageType } from './message-catalog';
import { topicBaseNames, type TopicRole } from './topics';

type JsonSchema = Record<string, unknown>;

const channelDescriptions: Record<TopicRole, string> = {
  occurrenceCommands: 'Commands for occurrences, accepted by the gateway. Key: `<agencyId>:<externalId>` or the occurrence id.',
  occurrenceEvents: 'Every change to an occurrence, in order per occurrence. Key: the occurrence id.',
  dispatchCommands: 'Commands for dispatches, accepted by the gateway. Key: the occurrence id (new dispatch) or the dispatch id.',
  dispatchEvents: 'Every change to a dispatch, in order per dispatch. Key: the dispatch id.',
  unitCommands: 'Commands for the units registry, accepted by the gateway. Key: the unit id (bulk import: the agency id).',
  unitEvents: 'Every change to a unit: registration, edits, retirement and each status change. Key: the unit id.',
  auditEvents: 'One audit entry per state change of any service. Key: the aggregate id.',
  commandResults: 'The outcome of every command. Key: the command id.',
};

/** The JSON Schema of one message type: the envelope with `type`, `version` and `data` pinned down. */
export function messageJsonSchema(type: MessageType): JsonSchema {
  const definition = messageCatalog[type];
  const schema = envelopeSchema.extend({
    type: z.literal(type),
    version: z.literal(definition.version),
    data: definition.data,
  });
  return {
    $id: `https://atalaia.dev/schemas/${type}.v${definition.version}.json`,
    title: `${type} v${definition.version}`,
    ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }),
  };
}

/** Every message type's schema, keyed by the file name it is published under. */
export function messageJsonSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(
    (Object.keys(messageCatalog) as MessageType[]).sort().map((type) => [`${type}.v${messageCatalog[type].version}.json`, messageJsonSchema(type)]),
  );
}

/**
 * The AsyncAPI 3.0 document of Atalaia's Kafka contract, generated from the
 * same zod schemas producers and consumers parse with.
 */
export function asyncApiDocument(): JsonSchema {
  const types = (Object.keys(messageCatalog) as MessageType[]).sort();
  const messageName = (type: MessageType) => `${type.replaceAll('.', '_')}_v${messageCatalog[type].version}`;
  const channels = Object.fromEntries(
    (Object.keys(topicBaseNames) as TopicRole[]).map((role) => [
      role,
      {
        address: topicBaseNames[role],
        description: channelDescriptions[role],
        messages: Object.fromEntries(
          types.filter((type) => messageCatalog[type].topic === role).map((type) => [messageName(type), { $ref: `#/components/messages/${messageName(type)}` }]),
        ),
      },
    ]),
  );
  const operations = Object.fromEntries(
    (Object.keys(topicBaseNames) as TopicRole[]).map((role) => [
      `consume_${role}`,
      { action: 'receive', channel: { $ref: `#/channels/${role}` }, summary: `Subscribe to ${topicBaseNames[role]}` },
    ]),
  );
  const messages = Object.fromEntries(
    types.map((type) => [
      messageName(type),
      {
        name: type,
        title: `${type} v${messageCatalog[type].version}`,
        contentType: 'application/json',
        headers: {
          type: 'object',
          properties: {
            'message-id': { type: 'string', format: 'uuid' },
            'message-type': { type: 'string', const: type },
            traceparent: { type: 'string', description: 'W3C trace context' },
            tracestate: { type: 'string' },
          },
        },
        payload: { schemaFormat: 'application/schema+json;version=draft-2020-12', schema: messageJsonSchema(type) },
      },
    ]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Atalaia events and commands',
      version: '1.0.0',
      description:
        'Every message is one JSON envelope (id, type, version, source, time, aggregateType, subject, commandId, causationId, correlationId, actor, traceparent, data). Topics follow atalaia.<domain>.<kind>.v<major>; deployments may prefix them with a namespace.',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}
