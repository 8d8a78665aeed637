import { z } from 'zod';
import { messageSchemaId } from './cloud-events';
import { envelopeSchema } from './envelope';
import { messageCatalog, type MessageType } from './message-catalog';

export type JsonSchema = Record<string, unknown>;

/**
 * The tolerant-reader policy, as every published document states it. Our own
 * readers follow it already: zod objects drop keys they do not know. The few
 * closed objects are command inputs that the owning service reads as strictly
 * as the HTTP API accepted them (`z.strictObject`).
 */
export const compatibilityPolicy =
  'Tolerant reader: ignore properties you do not know. Every object is open (no `additionalProperties: false`), except parts of commands that the owning service reads as strictly as the HTTP API accepts them; ' +
  'so a new optional property of an open object is added within the same major version. ' +
  'A breaking change (a property removed, a type changed, an enum value added or removed, a property newly required, a constraint changed, a closed object extended) is released as a new message version on a new `…v<major+1>` topic.';

/** Leaves an object open unless its zod schema is strict: zod's own output mode would close them all. */
function openNonStrictObjects({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodTypes; jsonSchema: z.core.JSONSchema.BaseSchema }): void {
  if (zodSchema._zod.def.type === 'object' && zodSchema._zod.def.catchall === undefined) delete jsonSchema.additionalProperties;
}

/** The JSON Schema of one message type: the envelope with `type`, `version` and `data` pinned down. */
export function messageJsonSchema(type: MessageType): JsonSchema {
  const definition = messageCatalog[type];
  const schema = envelopeSchema.extend({
    type: z.literal(type),
    version: z.literal(definition.version),
    data: definition.data,
  });
  return {
    $id: messageSchemaId(type, definition.version),
    title: `${type} v${definition.version}`,
    description: compatibilityPolicy,
    ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any', override: openNonStrictObjects }),
  };
}

/** Every message type's schema, keyed by the file name it is published under. */
export function messageJsonSchemas(): Record<string, JsonSchema> {
  return Object.fromEntries(
    (Object.keys(messageCatalog) as MessageType[]).sort().map((type) => [`${type}.v${messageCatalog[type].version}.json`, messageJsonSchema(type)]),
  );
}
