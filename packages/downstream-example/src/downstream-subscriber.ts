import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { CloudEvent, Kafka as CloudEventsKafka, type KafkaMessage as CloudEventsMessage } from 'cloudevents';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';

/**
 * What a system outside Atalaia needs to follow its topics: kafkajs, the
 * CloudEvents SDK and the published JSON Schemas (packages/contracts/published/
 * schemas, or the copy your team keeps). Nothing here imports Atalaia's code.
 */

/** The envelope every Atalaia message's value is: the CloudEvent's data. */
export interface AtalaiaEnvelope {
  id: string;
  type: string;
  version: number;
  subject: string;
  time: string;
  correlationId?: string;
  data: unknown;
}

export type Decoded = { ok: true; event: CloudEvent<AtalaiaEnvelope> } | { ok: false; reason: string };

/** One validator for every published schema, each found by its `$id` (the `ce_dataschema` header names it). */
export function publishedSchemaValidator(schemaDirectory: string): Ajv2020 {
  // Tolerant reader: the published schemas leave objects open, so properties added later pass.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  for (const file of readdirSync(schemaDirectory).filter((name) => name.endsWith('.json'))) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(schemaDirectory, file), 'utf8')));
  }
  return ajv;
}

/** A Kafka message as a CloudEvent whose data satisfies the schema it names; a reason otherwise. */
export function decodeAtalaiaMessage(message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>, validator: Ajv2020): Decoded {
  const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, [value].flat().map(String).join(',')]));
  const binary: CloudEventsMessage = { key: message.key?.toString() ?? '', value: message.value, body: message.value, headers };
  let event: CloudEvent<AtalaiaEnvelope>;
  try {
    event = CloudEventsKafka.toEvent(binary) as CloudEvent<AtalaiaEnvelope>;
    event.validate();
  } catch (error) {
    return { ok: false, reason: `not a CloudEvent: ${(error as Error).message}` };
  }
  const validate = event.dataschema ? validator.getSchema(event.dataschema) : undefined;
  if (!validate) return { ok: false, reason: `no published schema ${event.dataschema ?? '(none named)'}: a type this reader does not know yet` };
  if (!validate(event.data)) return { ok: false, reason: validator.errorsText(validate.errors) };
  return { ok: true, event };
}

export interface DownstreamSubscriberOptions {
  kafka: Kafka;
  /** Your own group: its committed offsets are where you resume (and what a replay resets). */
  groupId: string;
  topics: string[];
  validator: Ajv2020;
  /** Called once per message in partition order; deduplicate by `event.id`, delivery is at-least-once. */
  onEvent: (event: CloudEvent<AtalaiaEnvelope>) => Promise<void>;
  /** Messages that fail the schema: park them and move on, or stop and alert. */
  onRejected: (reason: string, message: KafkaMessage) => Promise<void>;
}

/** Subscribes from the group's committed offsets (from the oldest message for a new group). */
export async function startDownstreamSubscriber(options: DownstreamSubscriberOptions): Promise<Consumer> {
  const consumer = options.kafka.consumer({ groupId: options.groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: options.topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const decoded = decodeAtalaiaMessage(message, options.validator);
      await (decoded.ok ? options.onEvent(decoded.event) : options.onRejected(decoded.reason, message));
    },
  });
  return consumer;
}

/**
 * Replays `topic` from `since` on: moves the group's committed offsets back
 * to the first message at or after that time. The group must be stopped (as
 * with `kafka-consumer-groups --reset-offsets`); a running member can `seek`
 * its own partitions instead.
 */
export async function rewindGroup(kafka: Kafka, groupId: string, topic: string, since: Date): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const partitions = await admin.fetchTopicOffsetsByTimestamp(topic, since.getTime());
    await admin.setOffsets({ groupId, topic, partitions: partitions.map(({ partition, offset }) => ({ partition, offset })) });
  } finally {
    await admin.disconnect();
  }
}
