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

export interface AuditEntry {
  sequence: number | string;
  action: string;
  actor: { clientId: string; agencyId: string; crossAgency?: boolean };
  ownerAgencyId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  commandId: string | null;
  correlationId: string | null;
  occurredAt: string;
  aggregateType?: string;
  aggregateId?: string;
}

export interface Session {
  client: { id: string; agencyId: string; scopes: string[]; crossAgency: boolean };
  expiresAt: string;
  jaegerUrl: string | null;
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
