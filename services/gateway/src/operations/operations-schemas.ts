import { z } from 'zod';

/** A Kafka topic name as the broker allows it; whether it is one of this installation's dead-letter topics is decided after. */
const topicNameSchema = z.string().min(1).max(249).regex(/^[A-Za-z0-9._-]+$/, 'a Kafka topic name');
const offsetSchema = z.string().regex(/^\d{1,19}$/, 'a Kafka offset, as a string of digits');

/** Query of `GET /api/operations/dead-letters`. */
export const deadLetterListQuerySchema = z.strictObject({
  topic: topicNameSchema.describe('a dead-letter topic of this installation, e.g. atalaia.occurrence.commands.v1.dlq'),
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('the most recent letters, newest first'),
});

/** Body of `POST /api/operations/dead-letters/redrive`. */
export const deadLetterRedriveBodySchema = z.strictObject({
  topic: topicNameSchema.describe('the dead-letter topic the letters are in'),
  offsets: z.array(offsetSchema).min(1).max(256).describe('offsets of the letters to publish back to the topic they came from'),
});

const isoDateTime = z.iso.datetime({ offset: true });

export const outboxStatusSchema = z.object({
  source: z.string().describe('the database whose outbox it is: gateway, occurrence, dispatch'),
  backlog: z.number().int().min(0).describe('rows waiting to be published'),
  oldestAgeSeconds: z.number().min(0).nullable().describe('age of the oldest waiting row; null when none wait'),
  setAside: z.number().int().min(0).describe('rows the broker refused, waiting for an operator'),
});

export const pipelineOverviewSchema = z.object({
  outbox: z.array(outboxStatusSchema),
  consumers: z.array(
    z.object({
      group: z.string(),
      topic: z.string(),
      partition: z.number().int().min(0),
      lag: z.number().int().min(0).describe('messages after the offset the group committed'),
    }),
  ),
  deadLetters: z.array(z.object({ topic: z.string(), count: z.number().int().min(0).describe('letters retained, re-driven ones included') })),
  checkedAt: isoDateTime,
});
export type PipelineOverview = z.infer<typeof pipelineOverviewSchema>;

const nullableText = z.string().nullable();
export const deadLetterListSchema = z.object({
  data: z.array(
    z.object({
      topic: z.string(),
      offset: z.string(),
      failedAt: isoDateTime.nullable(),
      code: nullableText.describe('why it failed, e.g. INVALID_JSON, INVALID_ENVELOPE, UNKNOWN_MESSAGE_TYPE, INVALID_MESSAGE_DATA, HANDLER_FAILED'),
      detail: nullableText,
      attempts: z.number().int().nullable(),
      originalTopic: nullableText,
      originalPartition: z.number().int().nullable(),
      originalOffset: nullableText,
      consumerGroup: nullableText,
      messageType: nullableText,
      messageId: nullableText.describe('kept by a re-drive: a consumer that already applied the message skips it'),
    }),
  ),
});

export const redriveAnswerSchema = z.object({ redriven: z.number().int().min(0).describe('letters found at the given offsets and published back') });
