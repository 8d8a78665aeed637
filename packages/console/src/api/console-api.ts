import type {
  AcceptedCommand,
  AuditEntry,
  Command,
  DeadLetter,
  Dispatch,
  OccurrenceDetail,
  OccurrenceFilter,
  OperationsOverview,
  Page,
  Occurrence,
  Session,
  StatusCounts,
} from '../domain/types';
import { withQuery, type HttpClient } from './http-client';

/** Every gateway call the console makes (see the console ↔ gateway contract). */
export function createConsoleApi(http: HttpClient) {
  const command = (method: string, path: string, idempotencyKey: string, body?: unknown) =>
    http.request<AcceptedCommand>(method, path, { idempotencyKey, body });
  const occurrence = (id: string) => `/api/occurrences/${encodeURIComponent(id)}`;
  const dispatch = (id: string) => `/api/dispatches/${encodeURIComponent(id)}`;

  return {
    signIn: (apiKey: string) => http.request<Session>('POST', '/api/session', { body: { apiKey } }),
    session: () => http.request<Session>('GET', '/api/session'),
    signOut: () => http.request<void>('DELETE', '/api/session'),

    occurrences: (filter: OccurrenceFilter, cursor?: string | null, limit = 100) =>
      http.request<Page<Occurrence>>('GET', withQuery('/api/occurrences', { ...filter, limit, cursor })),
    counts: ({ agencyId, type, reportedFrom, reportedTo }: OccurrenceFilter) =>
      http.request<{ counts: StatusCounts }>('GET', withQuery('/api/occurrences/counts', { agencyId, type, reportedFrom, reportedTo })),
    occurrence: (id: string) => http.request<OccurrenceDetail>('GET', occurrence(id)),
    activeDispatches: (limit = 500) => http.request<{ data: Dispatch[] }>('GET', withQuery('/api/dispatches', { limit })),
    audit: (aggregateType: 'occurrence' | 'dispatch', aggregateId: string) =>
      http.request<Page<AuditEntry>>('GET', withQuery('/api/audit', { aggregateType, aggregateId, limit: 500 })),
    command: (id: string) => http.request<Command>('GET', `/api/commands/${encodeURIComponent(id)}`),
    commands: (limit = 100) => http.request<{ data: Command[] }>('GET', withQuery('/api/commands', { limit })),

    start: (id: string, key: string, note?: string) => command('POST', `${occurrence(id)}/start`, key, note ? { note } : undefined),
    resolve: (id: string, key: string, note?: string) => command('POST', `${occurrence(id)}/resolve`, key, note ? { note } : undefined),
    cancel: (id: string, key: string, reason: string) => command('POST', `${occurrence(id)}/cancel`, key, { reason }),
    dispatchUnit: (id: string, key: string, resourceCode: string, note?: string) =>
      command('POST', `${occurrence(id)}/dispatches`, key, note ? { resourceCode, note } : { resourceCode }),
    changeDispatchStatus: (id: string, key: string, status: 'en_route' | 'on_scene') => command('PATCH', `${dispatch(id)}/status`, key, { status }),
    closeDispatch: (id: string, key: string, reason?: string) => command('POST', `${dispatch(id)}/close`, key, reason ? { reason } : undefined),

    operationsOverview: () => http.request<OperationsOverview>('GET', '/api/operations/overview'),
    deadLetters: (topic: string, limit = 100) => http.request<{ data: DeadLetter[] }>('GET', withQuery('/api/operations/dead-letters', { topic, limit })),
    redrive: (topic: string, offsets: string[]) =>
      http.request<{ redriven: number }>('POST', '/api/operations/dead-letters/redrive', { body: { topic, offsets } }),
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;
