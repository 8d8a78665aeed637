import type { Envelope } from './envelope';

/**
 * Every Kafka message of Atalaia is also a CloudEvent 1.0 in the Kafka
 * binding's binary content mode: the value stays the JSON envelope (the
 * event's data) and the attributes travel as `ce_*` headers, so a downstream
 * system can route and check a message without parsing its value. Headers
 * are derived from the envelope alone: the envelope stays the source of truth.
 */
export const CLOUD_EVENTS_SPEC_VERSION = '1.0';

/** Reverse DNS of atalaia.dev, the namespace of the schemas' `$id`s and of problem types. */
const TYPE_NAMESPACE = 'dev.atalaia';

export const MESSAGE_CONTENT_TYPE = 'application/json';

/** `occurrence.created` v1 → `dev.atalaia.occurrence.created.v1`: the version is part of the type, as the CloudEvents spec asks. */
export function cloudEventType(type: string, version: number): string {
  return `${TYPE_NAMESPACE}.${type}.v${version}`;
}

/** The envelope's `source` as a URI path: `atalaia.occurrence` → `/atalaia/occurrence`. */
export function cloudEventSource(source: string): string {
  return `/${source.split('.').map(encodeURIComponent).join('/')}`;
}

/** The `$id` of a message type's published JSON Schema (`packages/contracts/published/schemas/<type>.v<version>.json`). */
export function messageSchemaId(type: string, version: number): string {
  return `https://atalaia.dev/schemas/${type}.v${version}.json`;
}

/** The CloudEvents headers, with what each carries; extension names are lowercase, as the spec requires. */
export const cloudEventHeaderDescriptions = {
  ce_specversion: 'CloudEvents spec version: always `1.0`.',
  ce_id: 'The envelope `id` (a UUID); with ce_source, unique per message. Deduplicate by it: delivery is at-least-once.',
  ce_source: 'The producing service as a URI path: `/atalaia/<service>` (the envelope `source`, dots as slashes).',
  ce_type: '`dev.atalaia.<message type>.v<version>`, e.g. `dev.atalaia.occurrence.created.v1`.',
  ce_time: 'The envelope `time` (RFC 3339).',
  ce_subject: 'The envelope `subject`: the id of the aggregate (occurrence, dispatch, unit, command) the message is about.',
  'content-type': 'The datacontenttype of the value: `application/json` (the envelope).',
  ce_dataschema: 'The `$id` of the message type\'s published JSON Schema, which the value satisfies.',
  ce_partitionkey: 'Extension: the record key (the aggregate id), for systems that re-publish the event.',
  ce_correlationid: 'Extension: the envelope `correlationId`, shared by every message of one request. Absent when the envelope has none.',
  ce_causationid: 'Extension: the envelope `causationId`, the id of the message that caused this one. Absent when the envelope has none.',
  ce_commandid: 'Extension: the envelope `commandId`, the command this message answers or follows from. Absent when the envelope has none.',
} as const;

export type CloudEventHeaderName = keyof typeof cloudEventHeaderDescriptions;

/** The headers present on every message; the other three extensions appear when the envelope has the field. */
export const requiredCloudEventHeaders: readonly CloudEventHeaderName[] = [
  'ce_specversion',
  'ce_id',
  'ce_source',
  'ce_type',
  'ce_time',
  'ce_subject',
  'content-type',
  'ce_dataschema',
  'ce_partitionkey',
];

/** The CloudEvents headers of one message, from its envelope and record key. */
export function cloudEventHeaders(envelope: Envelope, key: string): Partial<Record<CloudEventHeaderName, string>> {
  return {
    ce_specversion: CLOUD_EVENTS_SPEC_VERSION,
    ce_id: envelope.id,
    ce_source: cloudEventSource(envelope.source),
    ce_type: cloudEventType(envelope.type, envelope.version),
    ce_time: envelope.time,
    ce_subject: envelope.subject,
    'content-type': MESSAGE_CONTENT_TYPE,
    ce_dataschema: messageSchemaId(envelope.type, envelope.version),
    ce_partitionkey: key,
    ...(envelope.correlationId !== undefined ? { ce_correlationid: envelope.correlationId } : {}),
    ...(envelope.causationId !== undefined ? { ce_causationid: envelope.causationId } : {}),
    ...(envelope.commandId !== undefined ? { ce_commandid: envelope.commandId } : {}),
  };
}
