/** The shapes the gateway answers with (see /api contract); only what the console reads. */

export const occurrenceStatuses = ['reported', 'in_progress', 'resolved', 'cancelled'] as const;
export type OccurrenceStatus = (typeof occurrenceStatuses)[number];

export const dispatchStatuses = ['assigned', 'en_route', 'on_scene', 'closed'] as const;
export type DispatchStatus = (typeof dispatchStatuses)[number];
export type ActiveDispatchStatus = Exclude<DispatchStatus, 'closed'>;
export const activeDispatchStatuses: readonly ActiveDispatchStatus[] = ['assigned', 'en_route', 'on_scene'];

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
  createdAt: string;
  updatedAt: string;
}

export interface Dispatch {
  id: string;
  occurrenceId?: string;
  agencyId?: string;
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
