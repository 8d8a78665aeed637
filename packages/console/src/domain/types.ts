import type { Permission, Role } from './permissions';

/** The shapes the gateway answers with (see /api contract); only what the console reads. */

export const occurrenceStatuses = ['reported', 'in_progress', 'resolved', 'cancelled'] as const;
export type OccurrenceStatus = (typeof occurrenceStatuses)[number];

export const dispatchStatuses = ['assigned', 'en_route', 'on_scene', 'closed'] as const;
export type DispatchStatus = (typeof dispatchStatuses)[number];

export interface Occurrence {
  id: string;
  agencyId: string;
  externalId: string;
  type: string;
  description: string;
  status: OccurrenceStatus;
  statusReason?: string | null;
  reportedAt: string;
  startedAt?: string | null;
  closedAt?: string | null;
  /** Grows with every change: tells a replayed or late snapshot from a newer one. */
  version?: number;
  createdAt: string;
  updatedAt: string;
}

/** Where an occurrence is, as reported (contracts `occurrenceLocationSchema`): any of these; latitude and longitude together. */
export interface OccurrenceLocationInput {
  address?: string;
  latitude?: number;
  longitude?: number;
  municipality?: string;
  region?: string;
}

/** Body of `POST /api/integrations/occurrences` (contracts `occurrenceIntakeSchema`). */
export interface OccurrenceReportBody {
  externalId: string;
  type: string;
  description: string;
  reportedAt: string;
  location?: OccurrenceLocationInput;
  /** EIDO's 0 (least urgent) to 10 (most urgent). */
  priority?: number;
}

export interface Dispatch {
  id: string;
  occurrenceId?: string;
  agencyId?: string;
  /** The registered unit sent; null for dispatches from before the registry. */
  unitId?: string | null;
  resourceCode: string;
  status: DispatchStatus;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface OccurrenceDetail extends Occurrence {
  dispatches: Dispatch[];
}

export type StatusCounts = Record<OccurrenceStatus, number>;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  code: string;
  detail?: string;
  errors?: { field: string; message: string }[];
  /** Machine-readable facts of a command failure, e.g. the dispatch a busy unit holds. */
  context?: Record<string, unknown>;
}

export type CommandStatus = 'pending' | 'processed' | 'failed';

export interface Command {
  commandId: string;
  type: string;
  status: CommandStatus;
  result?: Record<string, unknown>;
  error?: Problem;
  correlationId?: string;
  traceId?: string | null;
  acceptedAt: string;
  processedAt?: string | null;
  aggregateType?: string | null;
  aggregateId?: string | null;
}

export interface AcceptedCommand {
  commandId: string;
  type: string;
  status: 'pending';
  location: string;
  acceptedAt: string;
}

/** Who acted: the API client, and the person's account when a person acted in the console. */
export interface AuditActor {
  clientId: string;
  agencyId: string;
  crossAgency?: boolean;
  userId?: string;
  userName?: string;
}

export interface AuditEntry {
  sequence: number | string;
  action: string;
  actor: AuditActor;
  ownerAgencyId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  commandId: string | null;
  correlationId: string | null;
  occurredAt: string;
  aggregateType?: string;
  aggregateId?: string;
}

/** The person behind a session signed in with a login (absent for API-key sessions). */
export interface SessionPerson {
  userId: string;
  displayName: string;
  roles: Role[];
  /** Sign-in asks this person for the code of an authenticator app (TOTP). */
  secondFactor: boolean;
}

export interface Session {
  client: {
    id: string;
    agencyId: string;
    /** An API client's scopes; empty for a person, whose roles grant `permissions`. */
    scopes: string[];
    crossAgency: boolean;
    /** What the session may do, from a person's roles or a client's scopes: what the console offers follows this. */
    permissions: Permission[];
    person?: SessionPerson;
  };
  expiresAt: string;
  jaegerUrl: string | null;
}

/** An account as its administrators see it (`GET /api/users`): never a hash, a secret or a link. */
export type UserStatus = 'invited' | 'active' | 'locked' | 'disabled';
export interface UserAccount {
  id: string;
  agencyId: string;
  login: string;
  displayName: string;
  roles: Role[];
  /** `invited`: no password set yet; `locked`: too many failed sign-ins, for a while. */
  status: UserStatus;
  secondFactor: boolean;
  /** Signs in through the agency's identity provider, which keeps its password and gives its roles at each sign-in. */
  singleSignOn?: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

/** `POST /api/me/second-factor`: a new secret (base32) and its `otpauth://` URI, pending until a code of it confirms it. */
export interface TotpEnrolment {
  secret: string;
  uri: string;
}

/** `GET /api/sso/providers`: an agency whose people may sign in through its identity provider. */
export interface SsoProvider {
  agencyId: string;
  displayName: string;
}

/** Body of `POST /api/users`: an invitation. */
export interface NewUserAccount {
  login: string;
  displayName: string;
  roles: Role[];
  /** Another agency than the administrator's own: only with `agencies:all`. */
  agencyId?: string;
}

/** A one-time link that sets an account's password, shown once to the administrator who asked for it. */
export interface IssuedLink {
  purpose: 'invite' | 'reset';
  token: string;
  /** `/console/account/<token>`, on the gateway's address. */
  path: string;
  expiresAt: string;
}

/** `GET /api/account-links/{token}`: what a usable link is for. */
export interface AccountLinkView {
  purpose: 'invite' | 'reset';
  login: string;
  displayName: string;
  expiresAt: string;
}

export interface OperationsOverview {
  outbox: { source: string; backlog: number; oldestAgeSeconds: number | null; setAside: number }[];
  consumers: { group: string; topic: string; partition: number; lag: number }[];
  deadLetters: { topic: string; count: number }[];
  checkedAt: string;
}

export interface DeadLetter {
  topic: string;
  offset: string;
  failedAt: string;
  code: string;
  detail: string;
  attempts: number;
  originalTopic: string;
  consumerGroup: string;
  messageType: string;
  messageId: string;
}

/** Board filters; empty strings mean "any". Dates are ISO instants. */
export interface OccurrenceFilter {
  status: OccurrenceStatus | '';
  type: string;
  agencyId: string;
  externalId: string;
  reportedFrom: string;
  reportedTo: string;
}

export const emptyFilter: OccurrenceFilter = { status: '', type: '', agencyId: '', externalId: '', reportedFrom: '', reportedTo: '' };

/** The unit status machine (packages/contracts units.ts): a job moves it along, an operator takes it out of service and back. */
export const unitStatuses = ['available', 'assigned', 'en_route', 'on_scene', 'returning', 'out_of_service'] as const;
export type UnitStatus = (typeof unitStatuses)[number];

export interface Station {
  name: string;
  latitude: number;
  longitude: number;
}

/** A unit as unit events carry it (`UnitSnapshot`). */
export interface Unit {
  id: string;
  agencyId: string;
  code: string;
  kind: string;
  name: string | null;
  station: Station | null;
  capabilities: string[];
  crewSize: number | null;
  status: UnitStatus;
  statusReason: string | null;
  statusSince: string;
  retiredAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The job a busy unit holds. */
export interface UnitDispatchRef {
  id: string;
  occurrenceId: string;
  status: string;
}

/** A unit as the reads answer it (`UnitView`): the snapshot and its current job. */
export interface UnitView extends Unit {
  currentDispatch: UnitDispatchRef | null;
}

/** `GET /api/occurrences/{id}/nearest-units`: dispatchable units, nearest station first. */
export interface NearestUnits {
  occurrence: { id: string; latitude: number | null; longitude: number | null };
  data: { unit: UnitView; distanceKm: number | null }[];
}

/** The response intervals, in order (packages/contracts response-times.ts). */
export const responseIntervals = ['callProcessing', 'turnout', 'travel', 'onScene'] as const;
export type ResponseInterval = (typeof responseIntervals)[number];

export interface HistogramBucket {
  /** Upper bound in seconds; null for the overflow bucket. */
  upToSeconds: number | null;
  count: number;
}

export interface ResponseIntervalFigures {
  count: number;
  p50Seconds: number | null;
  p90Seconds: number | null;
  targetSeconds: number | null;
  /** Share (0..1) of counted occurrences within target; null without a target or a count. */
  meetingTarget: number | null;
  histogram: HistogramBucket[];
}

export interface ResponseTimesGroup {
  agencyId: string | null;
  type: string | null;
  priority: number | null;
  occurrences: number;
  intervals: Record<ResponseInterval, ResponseIntervalFigures>;
}

export type ResponseTimesGroupBy = 'none' | 'agency' | 'type' | 'priority';

/** `GET /api/reports/response-times` (`responseTimesReportSchema`). */
export interface ResponseTimesReport {
  from: string;
  to: string;
  targets: Record<string, { turnoutSeconds: number; travelSeconds: number }>;
  groups: ResponseTimesGroup[];
  truncated: boolean;
}
