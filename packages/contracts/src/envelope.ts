import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** Who asked for a change: the authenticated API client and the agency it acts for. */
export const actorSchema = z.object({
  clientId: z.string().min(1),
  agencyId: z.string().min(1),
  /** True when the client holds the cross-agency scope and may act on every agency's data. */
  crossAgency: z.boolean().optional(),
  /** A person's account, when a person acted (the console): the audit trail names them. */
  userId: z.string().min(1).max(100).optional(),
  userName: z.string().min(1).max(200).optional(),
  /** What the actor held when the command was accepted: a person's roles, or an API client's scopes. The service applying the command checks them again. */
  roles: z.array(z.string().max(50)).max(20).optional(),
  scopes: z.array(z.string().max(50)).max(20).optional(),
});
export type Actor = z.infer<typeof actorSchema>;

/**
 * The one envelope every Kafka message of Atalaia travels in (commands, events,
 * audit entries, command results). `type` + `version` select the schema of `data`.
 */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/),
  version: z.number().int().positive(),
  source: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  aggregateType: z.string().min(1),
  subject: z.string().min(1),
  commandId: z.uuid().optional(),
  causationId: z.uuid().optional(),
  correlationId: z.string().max(200).optional(),
  actor: actorSchema.optional(),
  traceparent: z.string().optional(),
  tracestate: z.string().optional(),
  data: z.unknown(),
});
export type Envelope<TData = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: TData };

export interface EnvelopeInput<TData> {
  type: string;
  version?: number;
  source: string;
  aggregateType: string;
  subject: string;
  data: TData;
  commandId?: string;
  causationId?: string;
  correlationId?: string;
  actor?: Actor;
  traceparent?: string;
  tracestate?: string;
  id?: string;
  time?: Date;
}

export function createEnvelope<TData>(input: EnvelopeInput<TData>): Envelope<TData> {
  const { id, time, version, ...rest } = input;
  const envelope = {
    ...rest,
    id: id ?? randomUUID(),
    version: version ?? 1,
    time: (time ?? new Date()).toISOString(),
  };
  return Object.fromEntries(Object.entries(envelope).filter(([, v]) => v !== undefined)) as Envelope<TData>;
}
