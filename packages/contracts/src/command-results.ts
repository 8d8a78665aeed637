import { z } from 'zod';

export const commandStatuses = ['pending', 'processed', 'failed'] as const;
export type CommandStatus = (typeof commandStatuses)[number];

/** Why a command failed: a stable machine-readable code plus human text (RFC 9457 shape). */
export const commandFailureSchema = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  title: z.string(),
  detail: z.string().optional(),
  /** Machine-readable facts behind the refusal, e.g. the dispatch a busy unit holds (`UNIT_NOT_AVAILABLE`). */
  context: z.record(z.string(), z.unknown()).optional(),
});
export type CommandFailure = z.infer<typeof commandFailureSchema>;

/** Published by the service that handled a command; the gateway folds it into the command row. */
export const commandResultDataSchema = z.object({
  commandId: z.uuid(),
  commandType: z.string(),
  status: z.enum(['processed', 'failed']),
  aggregateType: z.string().optional(),
  aggregateId: z.string().optional(),
  result: z.record(z.string(), z.unknown()).optional(),
  error: commandFailureSchema.optional(),
});
export type CommandResultData = z.infer<typeof commandResultDataSchema>;
