import { z } from 'zod';
import { auditEntryDataSchema } from './audit';
import { commandResultDataSchema } from './command-results';
import { envelopeSchema, type Envelope } from './envelope';
import {
  closeDispatchCommandSchema,
  createDispatchCommandSchema,
  dispatchSnapshotSchema,
  dispatchStatusChangedSchema,
  updateDispatchStatusCommandSchema,
} from './dispatch';
import {
  occurrenceIntakeSchema,
  occurrenceLifecycleCommandSchema,
  occurrenceSnapshotSchema,
  occurrenceStatusChangedSchema,
} from './occurrence';
import type { TopicRole } from './topics';
import {
  importUnitsCommandSchema,
  registerUnitCommandSchema,
  retireUnitCommandSchema,
  setUnitServiceCommandSchema,
  unitChangedSchema,
  unitSnapshotSchema,
  unitStatusChangedSchema,
  updateUnitCommandSchema,
} from './units';

const occurrenceChangedSchema = z.object({
  occurrence: occurrenceSnapshotSchema,
  changedFields: z.array(z.string()),
});

/**
 * Every message type Atalaia puts on Kafka, with the topic it travels on and the
 * schema of its `data`. Producers and consumers both parse through this table.
 */
export const messageCatalog = {
  'occurrence.create_or_update': {
    version: 1,
    topic: 'occurrenceCommands',
    aggregateType: 'occurrence',
    data: occurrenceIntakeSchema,
  },
  'occurrence.start': { version: 1, topic: 'occurrenceCommands', aggregateType: 'occurrence', data: occurrenceLifecycleCommandSchema },
  'occurrence.resolve': { version: 1, topic: 'occurrenceCommands', aggregateType: 'occurrence', data: occurrenceLifecycleCommandSchema },
  'occurrence.cancel': { version: 1, topic: 'occurrenceCommands', aggregateType: 'occurrence', data: occurrenceLifecycleCommandSchema },
  'occurrence.created': {
    version: 1,
    topic: 'occurrenceEvents',
    aggregateType: 'occurrence',
    data: z.object({ occurrence: occurrenceSnapshotSchema }),
  },
  'occurrence.updated': {
    version: 1,
    topic: 'occurrenceEvents',
    aggregateType: 'occurrence',
    data: occurrenceChangedSchema,
  },
  'occurrence.started': { version: 1, topic: 'occurrenceEvents', aggregateType: 'occurrence', data: occurrenceStatusChangedSchema },
  'occurrence.resolved': { version: 1, topic: 'occurrenceEvents', aggregateType: 'occurrence', data: occurrenceStatusChangedSchema },
  'occurrence.cancelled': { version: 1, topic: 'occurrenceEvents', aggregateType: 'occurrence', data: occurrenceStatusChangedSchema },
  'dispatch.create': { version: 1, topic: 'dispatchCommands', aggregateType: 'dispatch', data: createDispatchCommandSchema },
  'dispatch.update_status': { version: 1, topic: 'dispatchCommands', aggregateType: 'dispatch', data: updateDispatchStatusCommandSchema },
  'dispatch.close': { version: 1, topic: 'dispatchCommands', aggregateType: 'dispatch', data: closeDispatchCommandSchema },
  'dispatch.assigned': { version: 1, topic: 'dispatchEvents', aggregateType: 'dispatch', data: z.object({ dispatch: dispatchSnapshotSchema }) },
  'dispatch.status_changed': { version: 1, topic: 'dispatchEvents', aggregateType: 'dispatch', data: dispatchStatusChangedSchema },
  'dispatch.closed': { version: 1, topic: 'dispatchEvents', aggregateType: 'dispatch', data: dispatchStatusChangedSchema },
  'unit.register': { version: 1, topic: 'unitCommands', aggregateType: 'unit', data: registerUnitCommandSchema },
  'unit.update': { version: 1, topic: 'unitCommands', aggregateType: 'unit', data: updateUnitCommandSchema },
  'unit.retire': { version: 1, topic: 'unitCommands', aggregateType: 'unit', data: retireUnitCommandSchema },
  'unit.set_service': { version: 1, topic: 'unitCommands', aggregateType: 'unit', data: setUnitServiceCommandSchema },
  'unit.import': { version: 1, topic: 'unitCommands', aggregateType: 'unit', data: importUnitsCommandSchema },
  'unit.registered': { version: 1, topic: 'unitEvents', aggregateType: 'unit', data: z.object({ unit: unitSnapshotSchema }) },
  'unit.updated': { version: 1, topic: 'unitEvents', aggregateType: 'unit', data: unitChangedSchema },
  'unit.retired': { version: 1, topic: 'unitEvents', aggregateType: 'unit', data: z.object({ unit: unitSnapshotSchema }) },
  'unit.status_changed': { version: 1, topic: 'unitEvents', aggregateType: 'unit', data: unitStatusChangedSchema },
  'audit.entry': { version: 1, topic: 'auditEvents', aggregateType: '*', data: auditEntryDataSchema },
  'command.processed': { version: 1, topic: 'commandResults', aggregateType: 'command', data: commandResultDataSchema },
  'command.failed': { version: 1, topic: 'commandResults', aggregateType: 'command', data: commandResultDataSchema },
} as const satisfies Record<string, MessageDefinition>;

interface MessageDefinition {
  version: number;
  topic: TopicRole;
  aggregateType: string;
  data: z.ZodType;
}

export type MessageType = keyof typeof messageCatalog;
export type MessageData<T extends MessageType> = z.infer<(typeof messageCatalog)[T]['data']>;
/** Distributes over unions, so `TypedEnvelope<'a' | 'b'>` narrows on `type`. */
export type TypedEnvelope<T extends MessageType> = T extends MessageType ? Envelope<MessageData<T>> & { type: T } : never;
export type AnyTypedEnvelope = { [T in MessageType]: TypedEnvelope<T> }[MessageType];

export type MessageParseResult =
  | { ok: true; message: AnyTypedEnvelope }
  | { ok: false; code: 'INVALID_JSON' | 'INVALID_ENVELOPE' | 'UNKNOWN_MESSAGE_TYPE' | 'INVALID_MESSAGE_DATA'; detail: string };

export function isMessageType(type: string): type is MessageType {
  return Object.hasOwn(messageCatalog, type);
}

/** Validates an envelope and its data against the catalog; never throws on bad input. */
export function parseMessage(raw: unknown): MessageParseResult {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    return { ok: false, code: 'INVALID_ENVELOPE', detail: z.prettifyError(envelope.error) };
  }
  const { type, version } = envelope.data;
  if (!isMessageType(type) || messageCatalog[type].version !== version) {
    return { ok: false, code: 'UNKNOWN_MESSAGE_TYPE', detail: `${type} v${version} is not in the message catalog` };
  }
  const data = messageCatalog[type].data.safeParse(envelope.data.data);
  if (!data.success) {
    return { ok: false, code: 'INVALID_MESSAGE_DATA', detail: z.prettifyError(data.error) };
  }
  return { ok: true, message: { ...envelope.data, data: data.data } as AnyTypedEnvelope };
}

/** Parses the bytes of a Kafka message value. */
export function parseMessageBytes(value: Buffer | null): MessageParseResult {
  if (!value) return { ok: false, code: 'INVALID_JSON', detail: 'message has no value' };
  try {
    return parseMessage(JSON.parse(value.toString('utf8')));
  } catch (error) {
    return { ok: false, code: 'INVALID_JSON', detail: (error as Error).message };
  }
}
