import { z } from 'zod';
import {
  nearestUnitsQuerySchema,
  responseTimesQuerySchema,
  responseTimesReportSchema,
  unitDispatchRefSchema,
  unitListQuerySchema,
  unitSnapshotSchema,
  actorSchema,
  auditEntryDataSchema,
  auditTrailQuerySchema,
  commandStatuses,
  dispatchListQuerySchema,
  dispatchSnapshotSchema,
  occurrenceCountsQuerySchema,
  occurrenceListQuerySchema,
  occurrenceStatuses,
  occurrenceSnapshotSchema,
} from '@atalaia/contracts';
import type { ProblemBody } from '@atalaia/http';
import { commandListQuerySchema, commandReadQuerySchema } from './command-reads';
import { commandRoutes } from './command-routes';
import {
  deadLetterListQuerySchema,
  deadLetterListSchema,
  deadLetterRedriveBodySchema,
  pipelineOverviewSchema,
  redriveAnswerSchema,
} from '../operations/operations-schemas';
import {
  accountLinkViewSchema,
  issuedLinkSchema,
  linkPasswordBodySchema,
  newAccountBodySchema,
  roleChangeBodySchema,
  totpCodeBodySchema,
  totpEnrolmentSchema,
  userViewSchema,
} from '../accounts/account-schemas';
import { correlationIdSchema, idempotencyKeySchema } from './request-headers';
import { signInBodySchema } from './session-routes';

type JsonObject = Record<string, unknown>;
type CommandRoute = (typeof commandRoutes)[number];
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface PathOperation {
  method: Method;
  url: string;
  operation: JsonObject;
}

const jsonSchemaOptions = { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' } as const;
const ref = (kind: 'schemas' | 'parameters' | 'headers' | 'responses', name: string) => ({ $ref: `#/components/${kind}/${name}` });
const pascalCase = (words: string) => words.split(/[._]/).map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
const camelCase = (words: string) => pascalCase(words).replace(/^./, (first) => first.toLowerCase());
const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/** A standalone schema (headers, parameters): `$schema` belongs to documents, not to fragments of one. */
function jsonSchemaOf(schema: z.ZodType): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, jsonSchemaOptions);
  return rest;
}

// Answers are not validated on the way out, so their shapes are described here, from the contracts where they exist.
const isoDateTime = z.iso.datetime({ offset: true });
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const commandTypeSchema = z.enum(commandRoutes.map((route) => route.type));

const problemSchema = z
  .object({
    type: z.url(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/).describe('stable, machine-readable reason'),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string().describe('e.g. body.reportedAt'), message: z.string() })).optional(),
  })
  .describe('RFC 9457 problem detail') satisfies z.ZodType<ProblemBody>;
const healthStatesSchema = z.record(z.string(), z.enum(['up', 'down']));
const dispatchSummarySchema = dispatchSnapshotSchema.pick({ id: true, resourceCode: true, status: true, createdAt: true, updatedAt: true, closedAt: true });
const auditEntrySchema = auditEntryDataSchema.omit({ commandId: true }).extend({
  ownerAgencyId: z.string().nullable().describe("the agency whose trail this is; null on entries recorded before owners were stored (seen only with agencies:all)"),
  sequence: z.string().regex(/^\d+$/),
  eventId: z.uuid(),
  commandId: z.uuid().nullable(),
  correlationId: z.string().nullable(),
  source: z.string(),
  recordedAt: isoDateTime,
  traceparent: z.string().nullable(),
  previousHash: sha256Hex,
  hash: sha256Hex,
});

const commandStatusSchema = z.object({
  commandId: z.uuid(),
  type: commandTypeSchema,
  status: z.enum(commandStatuses),
  aggregateType: z.string().nullable(),
  aggregateId: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable().describe('once processed: the aggregate it touched (occurrenceId / dispatchId)'),
  error: problemSchema.nullable().describe('once failed: why, as a problem whose code names the refusal'),
  correlationId: z.string().nullable(),
  traceId: z.string().regex(/^[0-9a-f]{32}$/).nullable().describe('the trace the command was accepted in (from its traceparent), to look up in a trace viewer'),
  acceptedAt: isoDateTime,
  processedAt: isoDateTime.nullable(),
});

/** A unit as the reads return it: its snapshot and the dispatch it holds. */
const unitViewSchema = unitSnapshotSchema.extend({ currentDispatch: unitDispatchRefSchema.nullable() });

const answerSchemas = {
  Problem: problemSchema,
  CommandAccepted: z.object({
    commandId: z.uuid(),
    type: commandTypeSchema,
    status: z.enum(commandStatuses).describe('pending when first accepted; a replay reports the command as it is now'),
    location: z.string(),
    acceptedAt: isoDateTime,
  }),
  CommandStatus: commandStatusSchema,
  CommandList: z.object({ data: z.array(commandStatusSchema) }),
  Occurrence: occurrenceSnapshotSchema,
  OccurrenceDetail: occurrenceSnapshotSchema.extend({ dispatches: z.array(dispatchSummarySchema) }),
  OccurrencePage: z.object({ data: z.array(occurrenceSnapshotSchema), nextCursor: z.string().nullable().describe('pass as `cursor` for the next page') }),
  Dispatch: dispatchSnapshotSchema,
  DispatchSummary: dispatchSummarySchema,
  DispatchList: z.object({ data: z.array(dispatchSnapshotSchema) }),
  Unit: unitViewSchema,
  UnitPage: z.object({ data: z.array(unitViewSchema), nextCursor: z.string().nullable().describe('pass as `cursor` for the next page') }),
  UnitDetail: unitViewSchema.extend({
    statusHistory: z
      .array(z.object({ status: z.string(), previousStatus: z.string(), cause: z.string(), dispatchId: z.uuid().nullable(), reason: z.string().nullable(), at: isoDateTime }))
      .describe('the last 20 status changes, newest first'),
  }),
  UnitKinds: z.object({ data: z.array(z.object({ code: z.string(), label: z.string() })) }),
  NearestUnits: z.object({
    occurrence: z.object({ id: z.uuid(), latitude: z.number().nullable(), longitude: z.number().nullable() }),
    data: z.array(z.object({ unit: unitViewSchema, distanceKm: z.number().nullable().describe('straight line (haversine) from the unit’s station; null without a station or a point') })),
  }),
  ResponseTimesReport: responseTimesReportSchema,
  Actor: actorSchema,
  AuditEntry: auditEntrySchema,
  AuditTrail: z.object({ data: z.array(auditEntrySchema), nextCursor: z.string().nullable().describe('pass as `cursor` for the next page') }),
  AuditVerification: z
    .object({
      valid: z.boolean(),
      entries: z.number().int().min(0).describe('verified entries the caller may see'),
      checkedThroughSequence: z.string().nullable().describe("the caller's last verified entry"),
      headHash: sha256Hex.nullable().describe('the hash of that entry: keep it elsewhere to detect a cut tail later'),
      checkedAt: isoDateTime.describe('when the walk began; entries appended after it are checked next time'),
      reason: z.enum(['gap', 'link', 'hash']).optional().describe('why the chain is broken: a missing entry, a wrong link, or changed content'),
      brokenAtSequence: z.string().optional().describe('the first broken entry, when the caller may see it'),
    })
    .describe('The whole platform-wide chain is walked in pages; figures count only entries the caller may see.'),
  OccurrenceCounts: z.object({ counts: z.object(Object.fromEntries(occurrenceStatuses.map((status) => [status, z.number().int().min(0)]))) }),
  PipelineOverview: pipelineOverviewSchema,
  DeadLetterList: deadLetterListSchema,
  RedriveAnswer: redriveAnswerSchema,
  ConsoleSession: z.object({
    client: z.object({
      id: z.string().describe('an API client id, or `user:<userId>` for a person'),
      agencyId: z.string(),
      scopes: z.array(z.string()).describe("an API key's scopes; empty for a person"),
      crossAgency: z.boolean(),
      permissions: z.array(z.string()).describe('what the session may do: from the scopes, or from the person\'s roles'),
      person: z
        .object({ userId: z.string(), displayName: z.string(), roles: z.array(z.string()), secondFactor: z.boolean().describe('sign-in asks for a TOTP code') })
        .optional()
        .describe('set when a person signed in'),
    }),
    expiresAt: isoDateTime.describe('absolute: CONSOLE_SESSION_TTL_SECONDS after sign-in'),
    jaegerUrl: z.string().nullable().describe('where trace links point (`${jaegerUrl}/trace/${traceId}`), when configured'),
  }),
  User: userViewSchema,
  UserList: z.object({ data: z.array(userViewSchema) }),
  IssuedLink: z.object({ user: userViewSchema, link: issuedLinkSchema }),
  AccountLink: accountLinkViewSchema,
  PasswordSet: z.object({ login: z.string(), displayName: z.string() }),
  TotpEnrolment: totpEnrolmentSchema,
  SsoProviders: z.object({ data: z.array(z.object({ agencyId: z.string(), displayName: z.string() })) }),
  Liveness: z.object({ status: z.literal('ok') }),
  Readiness: z.object({ status: z.literal('ready'), checks: healthStatesSchema }),
  NotReady: problemSchema.extend({ checks: healthStatesSchema }),
} satisfies Record<string, z.ZodType>;
type AnswerName = keyof typeof answerSchemas;

const commandBodyName = (route: CommandRoute) => `${pascalCase(route.type)}Body`;

/** Every named schema, converted together so that one names another by `$ref` instead of inlining it. */
function componentSchemas(): Record<string, JsonObject> {
  const named: Record<string, z.ZodType> = { ...answerSchemas };
  for (const route of commandRoutes) if (route.doc) named[commandBodyName(route)] = route.doc.bodySchema;
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { ...jsonSchemaOptions, uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(
    Object.keys(schemas)
      .sort()
      .map((id) => {
        const { $schema: _dialect, $id: _id, ...schema } = schemas[id]!;
        return [id, schema];
      }),
  );
}

const problemResponses = {
  BadRequest: ['400', 'Invalid request, e.g. VALIDATION_FAILED (every bad field in `errors`), INVALID_JSON, INVALID_CURSOR, IDEMPOTENCY_KEY_REQUIRED, DUPLICATED_HEADER.'],
  Unauthenticated: ['401', 'AUTHENTICATION_REQUIRED (no key sent) or INVALID_API_KEY.'],
  InsufficientScope: ['403', 'INSUFFICIENT_SCOPE: the caller lacks a permission this route needs (the detail names it and the scope that grants it).'],
  NotFound: ['404', "COMMAND_NOT_FOUND, OCCURRENCE_NOT_FOUND, DISPATCH_NOT_FOUND or UNIT_NOT_FOUND: unknown, or another agency's (only `agencies:all` reaches every agency's)."],
  IdempotencyKeyReused: ['409', 'IDEMPOTENCY_KEY_REUSED: the key was used for a different operation, target or payload; nothing was done.'],
  PayloadTooLarge: ['413', 'PAYLOAD_TOO_LARGE.'],
  UnsupportedMediaType: ['415', 'UNSUPPORTED_MEDIA_TYPE: send application/json.'],
  RateLimited: ['429', "RATE_LIMITED: the client's requests for this window are spent, or this address failed authentication too often; retry after `Retry-After` seconds."],
  InternalError: ['500', 'INTERNAL_ERROR.'],
  UpstreamUnavailable: ['503', 'UPSTREAM_UNAVAILABLE: the service that owns the data did not answer.'],
  DeadLetterTopicNotFound: ['404', "DEAD_LETTER_TOPIC_NOT_FOUND: not one of this installation's `<topic>.dlq` topics."],
  PipelineUnavailable: ['503', 'UPSTREAM_UNAVAILABLE: the relay (outbox figures) or Kafka did not answer.'],
  UserNotFound: ['404', "USER_NOT_FOUND: unknown, or another agency's account (only `agencies:all` reaches every agency's); nothing was changed."],
  RoleNotGrantable: ['403', 'ROLE_NOT_GRANTABLE: only a platform operator grants `platform_operator` or changes an account that holds it; INSUFFICIENT_SCOPE as for every route.'],
  AccountConflict: ['409', 'LOGIN_TAKEN (logins are unique in the installation), OWN_ACCOUNT (nobody changes their own roles or disables themselves), USER_DISABLED or SINGLE_SIGN_ON_ACCOUNT (its password is kept by its provider).'],
  SsoNotConfigured: ['404', 'SSO_NOT_CONFIGURED: the agency has no identity provider.'],
  SsoProviderUnavailable: ['503', 'SSO_PROVIDER_UNAVAILABLE: the agency’s provider did not answer its discovery.'],
  SecondFactor: ['409', 'SECOND_FACTOR_ENROLLED: the account already has one (an administrator removes it first); SINGLE_SIGN_ON_ACCOUNT: its provider keeps its second factor; PERSON_REQUIRED (403): an API client has no account.'],
  InvalidCode: ['422', 'INVALID_CODE: the code is not the current one of the pending secret.'],
  AccountLinkNotFound: ['404', 'ACCOUNT_LINK_NOT_FOUND: unknown, used, expired or replaced by a newer link, or its account is disabled.'],
  PasswordRejected: ['422', 'PASSWORD_REJECTED: the password policy (NIST SP 800-63B) refused it; `errors[0].message` says why (too_short, too_long, common, repetitive, contains_account_name). The link stays usable.'],
} satisfies Record<string, [status: string, description: string]>;
type ProblemName = keyof typeof problemResponses;
const problemContent = (schema: AnswerName) => ({ 'application/problem+json': { schema: ref('schemas', schema) } });
const answerOf = (description: string, schema: AnswerName) => ({ description, content: { 'application/json': { schema: ref('schemas', schema) } } });
const problemRefs = (...names: ProblemName[]) => Object.fromEntries(names.map((name) => [problemResponses[name][0], ref('responses', name)]));
const headerRefs = (...names: string[]) => Object.fromEntries(names.map((name) => [name, ref('headers', name)]));
const rateLimitHeaders = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'];
/** Every authenticated answer counts against the client's rate limit and says how much is left. */
const apiAnswerOf = (description: string, schema: AnswerName) => ({ ...answerOf(description, schema), headers: headerRefs(...rateLimitHeaders) });

function componentResponses(): JsonObject {
  const problems = Object.fromEntries(
    Object.entries(problemResponses).map(([name, [, description]]) => [name, { description, content: problemContent('Problem') }]),
  );
  return {
    CommandAccepted: {
      ...answerOf('Accepted; processed asynchronously. Follow `Location` until the command is processed or failed.', 'CommandAccepted'),
      headers: headerRefs('Location', 'X-Correlation-Id', 'Idempotent-Replayed', 'Retry-After', ...rateLimitHeaders),
    },
    ...problems,
    RateLimited: { ...problems.RateLimited, headers: headerRefs('Retry-After', ...rateLimitHeaders) },
  };
}

const headerOf = (description: string, schema: z.ZodType) => ({ description, schema: jsonSchemaOf(schema) });
const nonNegativeInt = z.number().int().min(0);

function componentHeaders(): JsonObject {
  return {
    Location: headerOf('The command to follow: `/api/commands/{commandId}`.', z.string()),
    'X-Correlation-Id': headerOf("The caller's correlation id, or the request id when none was sent.", z.string()),
    'Idempotent-Replayed': headerOf('Present when the answer replays the earlier request with this Idempotency-Key.', z.literal('true')),
    'Retry-After': headerOf('Seconds until the client may send again (429), or should ask again about a pending command (202, pending reads).', nonNegativeInt),
    'RateLimit-Limit': headerOf('Requests the client may send per window.', nonNegativeInt),
    'RateLimit-Remaining': headerOf('Requests left in the current window.', nonNegativeInt),
    'RateLimit-Reset': headerOf('Seconds until the window resets.', nonNegativeInt),
  };
}

function componentParameters(): JsonObject {
  const header = (name: string, description: string, schema: z.ZodType, required = false) => ({
    name,
    in: 'header',
    required,
    description,
    schema: jsonSchemaOf(schema),
  });
  return {
    Id: { name: 'id', in: 'path', required: true, description: 'A UUID; anything else is a 400 before anything is stored.', schema: jsonSchemaOf(z.uuid()) },
    IdempotencyKey: header(
      'Idempotency-Key',
      'Unique per API client and intended operation; a retry with the same key and request replays the first answer.',
      idempotencyKeySchema,
      true,
    ),
    CorrelationId: header('X-Correlation-Id', 'Stored on the command and carried by every message it causes.', correlationIdSchema),
    RequestId: header('X-Request-Id', 'Used as the correlation id when X-Correlation-Id is absent.', correlationIdSchema),
  };
}

const pathParameters = (url: string) => (url.includes(':id') ? [ref('parameters', 'Id')] : []);

function queryParameters(schema: z.ZodType): JsonObject[] {
  const json = z.toJSONSchema(schema, jsonSchemaOptions) as { properties?: Record<string, JsonObject>; required?: string[] };
  const { properties = {}, required = [] } = json;
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: required.includes(name), schema: property }));
}

function commandOperation(route: CommandRoute): PathOperation {
  // Routes that parse `request.body ?? {}` take no body at all exactly when their schema accepts `{}`.
  const bodyRequired = route.doc ? !route.doc.bodySchema.safeParse({}).success : true;
  const bodySchema = route.doc ? ref('schemas', commandBodyName(route)) : { type: 'object' };
  return {
    method: route.method.toLowerCase() as Method,
    url: route.url,
    operation: {
      operationId: camelCase(route.type),
      summary: route.doc?.summary ?? route.type,
      description: `Accepted as the command \`${route.type}\`. Its outcome is read at \`GET /api/commands/{commandId}\`.`,
      tags: [route.type.startsWith('dispatch.') ? 'dispatches' : route.type.startsWith('unit.') ? 'units' : 'occurrences'],
      'x-atalaia-command-type': route.type,
      parameters: [...pathParameters(route.url), ...['IdempotencyKey', 'CorrelationId', 'RequestId'].map((name) => ref('parameters', name))],
      requestBody: { required: bodyRequired, content: { 'application/json': { schema: bodySchema } } },
      responses: {
        '202': ref('responses', 'CommandAccepted'),
        ...problemRefs('BadRequest', 'Unauthenticated', 'InsufficientScope', 'IdempotencyKeyReused'),
        ...problemRefs('PayloadTooLarge', 'UnsupportedMediaType', 'RateLimited', 'InternalError'),
      },
    },
  };
}

interface ReadRoute {
  url: string;
  operationId: string;
  summary: string;
  tag: string;
  answer: AnswerName;
  query?: z.ZodType;
  problems: ProblemName[];
  /** Headers the 200 may carry besides the rate-limit ones. */
  headers?: string[];
}

/** Reads are registered in read-forwarding.ts and command-routes.ts; a unit test keeps this table in step with them. */
const readRoutes: ReadRoute[] = [
  {
    url: '/api/commands',
    operationId: 'listCommands',
    summary: "The calling client's most recent commands, newest first",
    tag: 'commands',
    answer: 'CommandList',
    query: commandListQuerySchema,
    problems: ['BadRequest'],
  },
  {
    url: '/api/commands/:id',
    operationId: 'getCommand',
    summary:
      "A command of the caller's agency (any agency's with `agencies:all`): pending, processed or failed. With `wait` (seconds, up to 30) the answer comes as soon as the command settles, or with its status when the wait ends; a pending answer carries `Retry-After`",
    tag: 'commands',
    answer: 'CommandStatus',
    query: commandReadQuerySchema,
    headers: ['Retry-After'],
    problems: ['BadRequest', 'NotFound'],
  },
  {
    url: '/api/occurrences',
    operationId: 'listOccurrences',
    summary: 'Occurrences, newest reported first; unknown parameters are a 400',
    tag: 'occurrences',
    answer: 'OccurrencePage',
    query: occurrenceListQuerySchema,
    problems: ['BadRequest', 'UpstreamUnavailable'],
  },
  {
    url: '/api/occurrences/:id',
    operationId: 'getOccurrence',
    summary: 'An occurrence with its dispatches',
    tag: 'occurrences',
    answer: 'OccurrenceDetail',
    problems: ['BadRequest', 'NotFound', 'UpstreamUnavailable'],
  },
  {
    url: '/api/occurrences/:id/dispatches',
    operationId: 'listOccurrenceDispatches',
    summary: "An occurrence's dispatches, oldest first",
    tag: 'dispatches',
    answer: 'DispatchList',
    problems: ['BadRequest', 'NotFound', 'UpstreamUnavailable'],
  },
  {
    url: '/api/occurrences/counts',
    operationId: 'countOccurrences',
    summary: 'How many occurrences are in each status, with the filters and agency scope of the list',
    tag: 'occurrences',
    answer: 'OccurrenceCounts',
    query: occurrenceCountsQuerySchema,
    problems: ['BadRequest', 'UpstreamUnavailable'],
  },
  {
    url: '/api/dispatches',
    operationId: 'listDispatches',
    summary: 'Dispatches in a status, or every open (not closed) one without it, newest status change first',
    tag: 'dispatches',
    answer: 'DispatchList',
    query: dispatchListQuerySchema,
    problems: ['BadRequest', 'UpstreamUnavailable'],
  },
  {
    url: '/api/units',
    operationId: 'listUnits',
    summary: 'Units of the registry in code order, a page at a time; retired ones only with includeRetired',
    tag: 'units',
    answer: 'UnitPage',
    query: unitListQuerySchema,
    problems: ['BadRequest', 'UpstreamUnavailable'],
  },
  {
    url: '/api/units/:id',
    operationId: 'getUnit',
    summary: 'A unit with the dispatch it holds and its last status changes',
    tag: 'units',
    answer: 'UnitDetail',
    problems: ['BadRequest', 'NotFound', 'UpstreamUnavailable'],
  },
  {
    url: '/api/unit-kinds',
    operationId: 'listUnitKinds',
    summary: "The installation's unit kinds (shipped CBM kinds, OUTRO, and UNIT_KINDS)",
    tag: 'units',
    answer: 'UnitKinds',
    problems: ['UpstreamUnavailable'],
  },
  {
    url: '/api/occurrences/:id/nearest-units',
    operationId: 'listNearestUnits',
    summary: "The occurrence's agency's units that can take a job, nearest station first by straight-line distance (not a route)",
    tag: 'units',
    answer: 'NearestUnits',
    query: nearestUnitsQuerySchema,
    problems: ['BadRequest', 'NotFound', 'UpstreamUnavailable'],
  },
  {
    url: '/api/reports/response-times',
    operationId: 'reportResponseTimes',
    summary:
      'Response intervals (call processing, turnout, travel, on scene) of the occurrences reported in [from, to): count, nearest-rank p50/p90, share within the agency targets (NFPA 1710 by default), histogram',
    tag: 'reports',
    answer: 'ResponseTimesReport',
    query: responseTimesQuerySchema,
    problems: ['BadRequest', 'UpstreamUnavailable'],
  },
  {
    url: '/api/operations/overview',
    operationId: 'getPipelineOverview',
    summary: "The pipeline's health, installation-wide (scope `operations`): outbox backlog per source, consumer lag per group and partition, dead letters per topic",
    tag: 'operations',
    answer: 'PipelineOverview',
    problems: ['PipelineUnavailable'],
  },
  {
    url: '/api/operations/dead-letters',
    operationId: 'listDeadLetters',
    summary: 'The most recent letters of a dead-letter topic, newest first (scope `operations`)',
    tag: 'operations',
    answer: 'DeadLetterList',
    query: deadLetterListQuerySchema,
    problems: ['BadRequest', 'DeadLetterTopicNotFound', 'PipelineUnavailable'],
  },
  {
    url: '/api/dispatches/:id',
    operationId: 'getDispatch',
    summary: 'A dispatch',
    tag: 'dispatches',
    answer: 'Dispatch',
    problems: ['BadRequest', 'NotFound', 'UpstreamUnavailable'],
  },
  {
    url: '/api/audit',
    operationId: 'getAuditTrail',
    summary:
      "An aggregate's audit trail (aggregateType + aggregateId), a person's (userId), or both together, in order, a page at a time; naming neither is a 400; another agency's entries are left out, as unknown ones",
    tag: 'audit',
    answer: 'AuditTrail',
    query: auditTrailQuerySchema,
    problems: ['BadRequest', 'UpstreamUnavailable'],
  },
  {
    url: '/api/audit/verification',
    operationId: 'verifyAuditChain',
    summary: 'Re-walks the whole hash chain of the audit trail in bounded memory: gaps, broken links and changed entries',
    tag: 'audit',
    answer: 'AuditVerification',
    problems: ['UpstreamUnavailable'],
  },
];

function readOperation(route: ReadRoute): PathOperation {
  const parameters = [...pathParameters(route.url), ...(route.query ? queryParameters(route.query) : [])];
  return {
    method: 'get',
    url: route.url,
    operation: {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(parameters.length > 0 ? { parameters } : {}),
      responses: {
        '200': { ...answerOf('OK', route.answer), headers: headerRefs(...(route.headers ?? []), ...rateLimitHeaders) },
        ...problemRefs('Unauthenticated', 'InsufficientScope', 'RateLimited', 'InternalError', ...route.problems),
      },
    },
  };
}

const sessionCookie = 'Sets `atalaia_session` (HttpOnly, SameSite=Strict, Path=/, Secure when configured): the cookie authenticates /api/* like X-API-Key.';
const consoleOperations: PathOperation[] = [
  {
    method: 'post',
    url: '/api/session',
    operation: {
      operationId: 'signIn',
      summary: 'Console sign-in: exchanges an API key, or a login and password (and TOTP code), for a session cookie; neither is stored or echoed',
      description: sessionCookie,
      tags: ['console'],
      security: [],
      requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(signInBodySchema) } } },
      responses: {
        '200': answerOf('Signed in', 'ConsoleSession'),
        '401': {
          description:
            'INVALID_API_KEY; INVALID_CREDENTIALS (one answer for an unknown login, a wrong password or code, a disabled or a locked account); SECOND_FACTOR_REQUIRED (the password was right: send the TOTP code with it).',
          content: problemContent('Problem'),
        },
        '403': { description: 'CROSS_ORIGIN_REQUEST: sent from a page of another origin.', content: problemContent('Problem') },
        ...problemRefs('BadRequest', 'RateLimited', 'InternalError'),
      },
    },
  },
  {
    method: 'get',
    url: '/api/session',
    operation: {
      operationId: 'getSession',
      summary: 'The console session of the cookie: its client, scopes and expiry',
      tags: ['console'],
      security: [{ sessionCookie: [] }],
      responses: {
        '200': answerOf('The session', 'ConsoleSession'),
        '401': { description: 'AUTHENTICATION_REQUIRED (no cookie) or SESSION_EXPIRED (expired, signed out, or its key revoked or rotated).', content: problemContent('Problem') },
        ...problemRefs('RateLimited', 'InternalError'),
      },
    },
  },
  {
    method: 'delete',
    url: '/api/session',
    operation: {
      operationId: 'signOut',
      summary: 'Console sign-out: the session ends and its cookie is cleared',
      tags: ['console'],
      security: [{ sessionCookie: [] }, {}],
      responses: { '204': { description: 'Signed out (also when there was no session)' }, ...problemRefs('InternalError') },
    },
  },
  {
    method: 'get',
    url: '/api/stream',
    operation: {
      operationId: 'liveStream',
      summary: 'Server-sent events: occurrence, dispatch and (own) command changes as they happen; `resync` when the Last-Event-ID cannot be replayed',
      tags: ['console'],
      security: [{ apiKey: [] }, { bearer: [] }, { sessionCookie: [] }],
      parameters: [
        { name: 'Last-Event-ID', in: 'header', required: false, description: 'The id of the last event received.', schema: { type: 'string', maxLength: 100 } },
        { name: 'lastEventId', in: 'query', required: false, description: 'As the header, for clients that cannot send it.', schema: { type: 'string', maxLength: 100 } },
      ],
      responses: {
        '200': { description: 'text/event-stream: `event: occurrence|dispatch|unit|command|resync`, an opaque `id:` on each, `: heartbeat` every 15 s', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        ...problemRefs('BadRequest', 'Unauthenticated', 'InsufficientScope', 'RateLimited', 'InternalError'),
      },
    },
  },
];

const operationsOperations: PathOperation[] = [
  {
    method: 'post',
    url: '/api/operations/dead-letters/redrive',
    operation: {
      operationId: 'redriveDeadLetters',
      summary: 'Publishes dead letters back to the topic they came from (scope `operations`)',
      description:
        'Each letter keeps its message id, so a consumer that already applied it skips it (the consumer inbox): a repeated re-drive is harmless. Offsets without a letter are left out of `redriven`. No `Idempotency-Key`: this is not a command.',
      tags: ['operations'],
      requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(deadLetterRedriveBodySchema) } } },
      responses: {
        '200': apiAnswerOf('Re-driven', 'RedriveAnswer'),
        ...problemRefs('BadRequest', 'Unauthenticated', 'InsufficientScope', 'DeadLetterTopicNotFound', 'PayloadTooLarge', 'UnsupportedMediaType'),
        ...problemRefs('RateLimited', 'InternalError', 'PipelineUnavailable'),
      },
    },
  },
];

const jsonBody = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: jsonSchemaOf(schema) } } });
const userAdministration = ['BadRequest', 'Unauthenticated', 'InsufficientScope', 'RateLimited', 'InternalError'] as const;
const usersManage = '(permission `users:manage`: agency administrators; every agency with `agencies:all`)';

/** People's accounts: administration by agency administrators, and the one-time links that set a password. */
const accountOperations: PathOperation[] = [
  {
    method: 'get',
    url: '/api/users',
    operation: {
      operationId: 'listUsers',
      summary: `The accounts of the caller's agency ${usersManage}`,
      tags: ['users'],
      responses: { '200': apiAnswerOf('The accounts', 'UserList'), ...problemRefs(...userAdministration) },
    },
  },
  {
    method: 'post',
    url: '/api/users',
    operation: {
      operationId: 'inviteUser',
      summary: `Creates an account without a password and a one-time invitation link that sets it ${usersManage}`,
      description: 'The link is shown once, here: hand it to the person. It works for seven days; a newer link replaces it. Audited as `user.invited`.',
      tags: ['users'],
      requestBody: jsonBody(newAccountBodySchema),
      responses: { '201': apiAnswerOf('Invited', 'IssuedLink'), ...problemRefs(...userAdministration, 'RoleNotGrantable', 'AccountConflict') },
    },
  },
  {
    method: 'get',
    url: '/api/users/:id',
    operation: {
      operationId: 'getUser',
      summary: `One account ${usersManage}`,
      tags: ['users'],
      parameters: pathParameters('/api/users/:id'),
      responses: { '200': apiAnswerOf('The account', 'User'), ...problemRefs(...userAdministration, 'UserNotFound') },
    },
  },
  {
    method: 'post',
    url: '/api/users/:id/links',
    operation: {
      operationId: 'issueUserLink',
      summary: `A new one-time link to set the account's password: a reset (twelve hours), or a new invitation when none is set yet ${usersManage}`,
      description: 'The current password works until the link is used; using it ends every session of the account. Audited as `user.link_issued`.',
      tags: ['users'],
      parameters: pathParameters('/api/users/:id'),
      responses: { '201': apiAnswerOf('Issued', 'IssuedLink'), ...problemRefs(...userAdministration, 'UserNotFound', 'RoleNotGrantable', 'AccountConflict') },
    },
  },
  {
    method: 'put',
    url: '/api/users/:id/roles',
    operation: {
      operationId: 'setUserRoles',
      summary: `Replaces the account's roles and ends its sessions at once ${usersManage}`,
      description: 'Audited as `user.roles_changed`, with the roles before and after.',
      tags: ['users'],
      parameters: pathParameters('/api/users/:id'),
      requestBody: jsonBody(roleChangeBodySchema),
      responses: { '200': apiAnswerOf('Changed', 'User'), ...problemRefs(...userAdministration, 'UserNotFound', 'RoleNotGrantable', 'AccountConflict') },
    },
  },
  {
    method: 'post',
    url: '/api/users/:id/disable',
    operation: {
      operationId: 'disableUser',
      summary: `Disables the account (never deleted, so the audit trail keeps naming it) and ends its sessions at once ${usersManage}`,
      description: 'Audited as `user.disabled`. An account already disabled is answered as it is.',
      tags: ['users'],
      parameters: pathParameters('/api/users/:id'),
      responses: { '200': apiAnswerOf('Disabled', 'User'), ...problemRefs(...userAdministration, 'UserNotFound', 'RoleNotGrantable', 'AccountConflict') },
    },
  },
  {
    method: 'delete',
    url: '/api/users/:id/second-factor',
    operation: {
      operationId: 'removeUserSecondFactor',
      summary: `Removes the account's TOTP second factor (a lost phone) and ends its sessions ${usersManage}`,
      description: 'Audited as `user.second_factor_removed`. An account without one is answered as it is.',
      tags: ['users'],
      parameters: pathParameters('/api/users/:id'),
      responses: { '200': apiAnswerOf('Removed', 'User'), ...problemRefs(...userAdministration, 'UserNotFound', 'RoleNotGrantable') },
    },
  },
  {
    method: 'post',
    url: '/api/me/second-factor',
    operation: {
      operationId: 'beginSecondFactor',
      summary: "Starts the signed-in person's TOTP enrolment (RFC 6238: SHA-1, 6 digits, 30 s): a new secret, pending until confirmed",
      tags: ['users'],
      security: [{ sessionCookie: [] }],
      responses: { '201': apiAnswerOf('Pending', 'TotpEnrolment'), ...problemRefs('Unauthenticated', 'SecondFactor', 'RateLimited', 'InternalError') },
    },
  },
  {
    method: 'post',
    url: '/api/me/second-factor/confirm',
    operation: {
      operationId: 'confirmSecondFactor',
      summary: 'Confirms the pending enrolment with a current code: from the next sign-in on, the code is asked for',
      description: 'Audited as `user.second_factor_enabled`.',
      tags: ['users'],
      security: [{ sessionCookie: [] }],
      requestBody: jsonBody(totpCodeBodySchema),
      responses: { '200': apiAnswerOf('Enrolled', 'User'), ...problemRefs('BadRequest', 'Unauthenticated', 'SecondFactor', 'InvalidCode', 'RateLimited', 'InternalError') },
    },
  },
  {
    method: 'get',
    url: '/api/sso/providers',
    operation: {
      operationId: 'listSingleSignOnProviders',
      summary: 'The agencies whose people sign in through their OpenID Connect provider, for the sign-in page',
      tags: ['users'],
      security: [],
      responses: { '200': answerOf('The agencies', 'SsoProviders'), ...problemRefs('InternalError') },
    },
  },
  {
    method: 'get',
    url: '/api/sso/:agencyId/start',
    operation: {
      operationId: 'startSingleSignOn',
      summary: "Sends the browser (303) to the agency's provider: OpenID Connect authorization code with PKCE (S256), state and nonce",
      description: 'The provider must know the redirect URI `<PUBLIC_URL>/api/sso/callback` (the request’s own address when PUBLIC_URL is unset).',
      tags: ['users'],
      security: [],
      parameters: [{ name: 'agencyId', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' } }],
      responses: { '303': { description: 'To the provider' }, ...problemRefs('BadRequest', 'SsoNotConfigured', 'SsoProviderUnavailable', 'InternalError') },
    },
  },
  {
    method: 'get',
    url: '/api/sso/callback',
    operation: {
      operationId: 'finishSingleSignOn',
      summary: 'Where the provider sends the browser back: signs the person in (the session cookie) and sends the browser (303) to the console',
      description:
        'Each state is accepted once, within ten minutes. The first sign-in makes the account (the provider’s issuer and subject identify it); each one takes the name and the roles from the claims. A refusal goes to `/console/?signInError=` SSO_STATE_INVALID, SSO_FAILED, SSO_NO_ROLE or SSO_ACCOUNT_DISABLED. Audited as `user.signed_in` (method oidc).',
      tags: ['users'],
      security: [],
      responses: { '303': { description: 'To the console, signed in or with `signInError`' }, ...problemRefs('InternalError') },
    },
  },
  {
    method: 'get',
    url: '/api/account-links/:token',
    operation: {
      operationId: 'getAccountLink',
      summary: 'What a one-time link is for (the token authenticates): the account it sets a password for',
      tags: ['users'],
      security: [],
      parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string', maxLength: 100 } }],
      responses: { '200': answerOf('The link', 'AccountLink'), ...problemRefs('BadRequest', 'AccountLinkNotFound', 'InternalError') },
    },
  },
  {
    method: 'post',
    url: '/api/account-links/:token',
    operation: {
      operationId: 'setPasswordByLink',
      summary: "Sets the account's password through a one-time link, once; every session of the account ends",
      description: 'Audited as `user.password_set`, by the person. Then sign in with `POST /api/session`.',
      tags: ['users'],
      security: [],
      parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string', maxLength: 100 } }],
      requestBody: jsonBody(linkPasswordBodySchema),
      responses: { '200': answerOf('Password set', 'PasswordSet'), ...problemRefs('BadRequest', 'AccountLinkNotFound', 'PasswordRejected', 'InternalError') },
    },
  },
];

const healthOperations: PathOperation[] = [
  {
    method: 'get',
    url: '/health/live',
    operation: { operationId: 'live', summary: 'The process serves', tags: ['health'], security: [], responses: { '200': answerOf('Alive', 'Liveness') } },
  },
  {
    method: 'get',
    url: '/health/ready',
    operation: {
      operationId: 'ready',
      summary: 'The database and Kafka answer',
      tags: ['health'],
      security: [],
      responses: {
        '200': answerOf('Ready', 'Readiness'),
        '503': { description: 'NOT_READY: `checks` names what is down', content: problemContent('NotReady') },
      },
    },
  },
];

const methodOrder: Method[] = ['get', 'post', 'put', 'patch', 'delete'];
// Plain code-unit order, not localeCompare: the checked-in file must not depend on the machine's locale.
const byUrlThenMethod = (a: PathOperation, b: PathOperation) =>
  a.url === b.url ? methodOrder.indexOf(a.method) - methodOrder.indexOf(b.method) : a.url < b.url ? -1 : 1;

function pathsOf(operations: PathOperation[]): Record<string, JsonObject> {
  const paths: Record<string, Record<string, JsonObject>> = {};
  const sorted = [...operations].sort(byUrlThenMethod);
  for (const { method, url, operation } of sorted) (paths[toOpenApiPath(url)] ??= {})[method] = operation;
  return paths;
}

/** The OpenAPI 3.1 document of the gateway's public API, generated from the command table and the contracts' zod schemas. */
export function buildOpenApiDocument(): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Atalaia public HTTP API',
      version: '1.0.0',
      description: [
        'Every write is a command: it needs an `Idempotency-Key`, answers `202 Accepted` with a `Location` to follow, and is processed asynchronously.',
        'Every 4xx/5xx answer is `application/problem+json` with a stable `code`.',
        "An API client acts for one agency: another agency's occurrences, dispatches, audit entries and commands do not exist for it (404, exactly as for an unknown id; lists leave them out; a command on them fails with *_NOT_FOUND and has no effect),",
        'unless it holds the cross-agency scope `agencies:all` (fire and rescue operators).',
      ].join(' '),
    },
    security: [{ apiKey: [] }, { bearer: [] }],
    tags: ['occurrences', 'dispatches', 'units', 'reports', 'commands', 'audit', 'console', 'users', 'operations', 'health'].map((name) => ({ name })),
    paths: pathsOf([
      ...commandRoutes.map(commandOperation),
      ...readRoutes.map(readOperation),
      ...consoleOperations,
      ...operationsOperations,
      ...accountOperations,
      ...healthOperations,
    ]),
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer', description: 'The same API key as `Authorization: Bearer <key>`.' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'atalaia_session', description: 'The console session from `POST /api/session`; changes also need a same-origin `Origin` when one is sent.' },
      },
      parameters: componentParameters(),
      headers: componentHeaders(),
      responses: componentResponses(),
      schemas: componentSchemas(),
    },
  };
}

/** The document as it is checked in: 2-space JSON and a trailing newline. */
export function openApiJson(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
