import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  cancelOccurrenceBodySchema,
  closeDispatchBodySchema,
  createDispatchBodySchema,
  fingerprint,
  occurrenceIdFor,
  occurrenceIntakeSchema,
  resolveOccurrenceBodySchema,
  startOccurrenceBodySchema,
  unitIdFor,
  unitImportBodySchema,
  unitInServiceBodySchema,
  unitOutOfServiceBodySchema,
  unitRegistrationSchema,
  unitRetireBodySchema,
  unitUpdateBodySchema,
  updateDispatchStatusBodySchema,
  permissionForCommand as commandPermissionOf,
  type MessageType,
  type Permission,
  type Topics,
} from '@atalaia/contracts';
import { ProblemError, parseOrThrow } from '@atalaia/http';
import { currentTraceCarrier } from '@atalaia/telemetry';
import type { CommandStore } from '../db/command-store';
import { requirePermission } from './authentication';
import { idParamOf, validateIdParam } from './path-params';
import { correlationIdOf, idempotencyKeyOf } from './request-headers';
import { unitImportBodyOf } from './unit-import-body';
import { COMMAND_RETRY_AFTER_SECONDS } from './command-reads';

export interface CommandRoutesDeps {
  store: CommandStore;
  topics: Topics;
  idempotencyTtlHours: number;
}

interface CommandSpec {
  type: string;
  aggregateType: string;
  topic: string;
  scopeKey: string;
  messageKey: string;
  payload: Record<string, unknown>;
}

export function commandLocation(commandId: string): string {
  return `/api/commands/${commandId}`;
}

/**
 * The write path shared by every command route: idempotency key, one
 * transaction for inbox + outbox, and the 202 (first time or replay) or 409.
 */
async function acceptCommand(deps: CommandRoutesDeps, request: FastifyRequest, reply: FastifyReply, spec: CommandSpec) {
  const idempotencyKey = idempotencyKeyOf(request);
  const correlationId = correlationIdOf(request);
  const outcome = await deps.store.accept({
    ...spec,
    client: request.apiClient,
    idempotencyKey,
    payloadHash: fingerprint(spec.payload),
    correlationId,
    traceparent: currentTraceCarrier().traceparent,
    expiresAt: new Date(Date.now() + deps.idempotencyTtlHours * 3_600_000),
  });
  if (outcome.kind === 'conflict') {
    throw new ProblemError(
      409,
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different request',
      outcome.reason === 'different_payload'
        ? 'the earlier request with this key had a different payload; use a new key for a new request'
        : 'the earlier request with this key was a different operation; use a new key for a new request',
    );
  }
  if (outcome.kind === 'replay') reply.header('idempotent-replayed', 'true');
  const location = commandLocation(outcome.commandId);
  return reply
    .status(202)
    .header('location', location)
    .header('x-correlation-id', correlationId)
    .header('retry-after', String(COMMAND_RETRY_AFTER_SECONDS))
    .send({ commandId: outcome.commandId, type: spec.type, status: outcome.status, location, acceptedAt: outcome.createdAt });
}

interface CommandRoute {
  method: 'POST' | 'PATCH';
  url: string;
  type: MessageType;
  /** What the command targets: the Kafka key and the idempotency scope. */
  aggregateType: 'occurrence' | 'dispatch' | 'unit';
  topic: (topics: Topics) => string;
  /** Validates path and body, and builds the command payload, its idempotency scope and, when it differs, its message key. */
  build(request: FastifyRequest): { scopeKey: string; messageKey?: string; payload: Record<string, unknown> };
  /** How the route is published in the OpenAPI document; `bodySchema` is the schema `build` validates the body with. */
  doc?: { summary: string; bodySchema: z.ZodType };
}

const idOf = idParamOf;
/** Start and resolve may be sent with no body at all. */
const bodyOf = <T extends z.ZodType>(schema: T, request: FastifyRequest) => parseOrThrow(schema, request.body ?? {}, 'body');

const lifecycleRoute = (action: 'start' | 'resolve' | 'cancel', schema: z.ZodType<Record<string, unknown>>, summary: string): CommandRoute => ({
  method: 'POST',
  url: `/api/occurrences/:id/${action}`,
  type: `occurrence.${action}`,
  aggregateType: 'occurrence',
  topic: (topics) => topics.occurrenceCommands,
  build: (request) => {
    const occurrenceId = idOf(request);
    return { scopeKey: occurrenceId, payload: { occurrenceId, ...bodyOf(schema, request) } };
  },
  doc: { summary, bodySchema: schema },
});

/** Every command the public API accepts: each answers 202 and travels through the outbox. */
export const commandRoutes: CommandRoute[] = [
  {
    method: 'POST',
    url: '/api/integrations/occurrences',
    type: 'occurrence.create_or_update',
    aggregateType: 'occurrence',
    topic: (topics) => topics.occurrenceCommands,
    build: (request) => {
      const body = parseOrThrow(occurrenceIntakeSchema, request.body, 'body');
      const { agencyId } = request.apiClient;
      return { scopeKey: `${agencyId}:${body.externalId}`, messageKey: occurrenceIdFor(agencyId, body.externalId), payload: body };
    },
    doc: { summary: 'Report an occurrence, or update the open one with the same externalId', bodySchema: occurrenceIntakeSchema },
  },
  lifecycleRoute('start', startOccurrenceBodySchema, 'Start work on a reported occurrence'),
  lifecycleRoute('resolve', resolveOccurrenceBodySchema, 'Resolve an occurrence in progress'),
  lifecycleRoute('cancel', cancelOccurrenceBodySchema, 'Cancel an open occurrence'),
  {
    method: 'POST',
    url: '/api/occurrences/:id/dispatches',
    type: 'dispatch.create',
    aggregateType: 'occurrence',
    topic: (topics) => topics.dispatchCommands,
    build: (request) => {
      const occurrenceId = idOf(request);
      return { scopeKey: occurrenceId, payload: { occurrenceId, ...bodyOf(createDispatchBodySchema, request) } };
    },
    doc: { summary: 'Dispatch a unit to an open occurrence', bodySchema: createDispatchBodySchema },
  },
  {
    method: 'PATCH',
    url: '/api/dispatches/:id/status',
    type: 'dispatch.update_status',
    aggregateType: 'dispatch',
    topic: (topics) => topics.dispatchCommands,
    build: (request) => {
      const dispatchId = idOf(request);
      return { scopeKey: dispatchId, payload: { dispatchId, ...bodyOf(updateDispatchStatusBodySchema, request) } };
    },
    doc: { summary: "Report a dispatched unit's progress (en_route, on_scene)", bodySchema: updateDispatchStatusBodySchema },
  },
  {
    method: 'POST',
    url: '/api/dispatches/:id/close',
    type: 'dispatch.close',
    aggregateType: 'dispatch',
    topic: (topics) => topics.dispatchCommands,
    build: (request) => {
      const dispatchId = idOf(request);
      return { scopeKey: dispatchId, payload: { dispatchId, ...bodyOf(closeDispatchBodySchema, request) } };
    },
    doc: { summary: 'Close a dispatch: the unit is released', bodySchema: closeDispatchBodySchema },
  },
  {
    method: 'POST',
    url: '/api/units',
    type: 'unit.register',
    aggregateType: 'unit',
    topic: (topics) => topics.unitCommands,
    build: (request) => {
      const body = parseOrThrow(unitRegistrationSchema, request.body, 'body');
      const unitId = unitIdFor(request.apiClient.agencyId, body.code);
      return { scopeKey: unitId, payload: { unitId, ...body } };
    },
    doc: { summary: "Register a unit (vehicle or team) in the caller's agency", bodySchema: unitRegistrationSchema },
  },
  {
    method: 'POST',
    url: '/api/units/import',
    type: 'unit.import',
    aggregateType: 'unit',
    topic: (topics) => topics.unitCommands,
    build: (request) => ({ scopeKey: request.apiClient.agencyId, payload: unitImportBodyOf(request) }),
    doc: { summary: 'Import a fleet (JSON, or text/csv with a header line): registers new codes, updates known ones', bodySchema: unitImportBodySchema },
  },
  unitRoute('PATCH', '', 'unit.update', unitUpdateBodySchema, 'Change what describes a unit', (changes) => ({ changes })),
  unitRoute('POST', '/retire', 'unit.retire', unitRetireBodySchema, 'Retire a unit: never dispatched again, its history stays', (body) => body),
  unitRoute('POST', '/out-of-service', 'unit.set_service', unitOutOfServiceBodySchema, 'Take a unit out of service, with a reason', (body) => ({
    inService: false,
    ...body,
  })),
  unitRoute('POST', '/in-service', 'unit.set_service', unitInServiceBodySchema, 'Put a unit back in service', (body) => ({
    inService: true,
    ...(body.note ? { reason: body.note } : {}),
  })),
];

function unitRoute<T extends z.ZodType<Record<string, unknown>>>(
  method: 'POST' | 'PATCH',
  suffix: string,
  type: MessageType,
  schema: T,
  summary: string,
  payloadOf: (body: z.infer<T>) => Record<string, unknown>,
): CommandRoute {
  return {
    method,
    url: `/api/units/:id${suffix}`,
    type,
    aggregateType: 'unit',
    topic: (topics) => topics.unitCommands,
    build: (request) => {
      const unitId = idOf(request);
      return { scopeKey: unitId, payload: { unitId, ...payloadOf(bodyOf(schema, request)) } };
    },
    doc: { summary, bodySchema: schema },
  };
}

/** The permission a command needs: the table's, which the service that applies the command checks again. */
function permissionForCommand(type: MessageType): Permission {
  const permission = commandPermissionOf(type);
  if (!permission) throw new Error(`command ${type} has no permission in the table`);
  return permission;
}

export async function registerCommandRoutes(app: FastifyInstance, deps: CommandRoutesDeps): Promise<void> {
  for (const route of commandRoutes) {
    app.route({
      method: route.method,
      url: route.url,
      preHandler: [
        ...(route.url.includes(':id') ? [validateIdParam] : []),
        requirePermission(permissionForCommand(route.type)),
      ],
      handler: async (request, reply) => {
        const { scopeKey, messageKey = scopeKey, payload } = route.build(request);
        return acceptCommand(deps, request, reply, {
          type: route.type,
          aggregateType: route.aggregateType,
          topic: route.topic(deps.topics),
          scopeKey,
          messageKey,
          payload,
        });
      },
    });
  }
}
