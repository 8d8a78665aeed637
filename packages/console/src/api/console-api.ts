import type { Role } from '../domain/permissions';
import type {
  AccountLinkView,
  AcceptedCommand,
  AuditEntry,
  Command,
  DeadLetter,
  IssuedLink,
  NearestUnits,
  NewUserAccount,
  OccurrenceDetail,
  OccurrenceFilter,
  OperationsOverview,
  Page,
  Occurrence,
  OccurrenceReportBody,
  ResponseTimesGroupBy,
  ResponseTimesReport,
  Session,
  SsoProvider,
  StatusCounts,
  TotpEnrolment,
  UnitView,
  UserAccount,
} from '../domain/types';
import type { SignInRequest } from '../domain/sign-in-form';
import { withQuery, type HttpClient } from './http-client';

/** Where a single sign-on starts: the gateway sends the browser on to the agency's identity provider, which sends it back signed in. */
export const ssoStartPath = (agencyId: string) => `/api/sso/${encodeURIComponent(agencyId)}/start`;

/** Every gateway call the console makes (see the console ↔ gateway contract). */
export function createConsoleApi(http: HttpClient) {
  const command = (method: string, path: string, idempotencyKey: string, body?: unknown) =>
    http.request<AcceptedCommand>(method, path, { idempotencyKey, body });
  const occurrence = (id: string) => `/api/occurrences/${encodeURIComponent(id)}`;
  const dispatch = (id: string) => `/api/dispatches/${encodeURIComponent(id)}`;
  const unit = (id: string) => `/api/units/${encodeURIComponent(id)}`;
  const user = (id: string) => `/api/users/${encodeURIComponent(id)}`;
  const accountLink = (token: string) => `/api/account-links/${encodeURIComponent(token)}`;
  const units = (cursor?: string | null, limit = 500) => http.request<Page<UnitView>>('GET', withQuery('/api/units', { limit, cursor }));

  return {
    /** A person's login and password (and one-time code), or an API key. */
    signIn: (request: SignInRequest) => http.request<Session>('POST', '/api/session', { body: request }),
    session: () => http.request<Session>('GET', '/api/session'),
    /** The agencies with single sign-on; their buttons navigate to `ssoStartPath`, not through fetch. */
    ssoProviders: () => http.request<{ data: SsoProvider[] }>('GET', '/api/sso/providers'),
    signOut: () => http.request<void>('DELETE', '/api/session'),

    occurrences: (filter: OccurrenceFilter, cursor?: string | null, limit = 100) =>
      http.request<Page<Occurrence>>('GET', withQuery('/api/occurrences', { ...filter, limit, cursor })),
    counts: ({ agencyId, type, reportedFrom, reportedTo }: OccurrenceFilter) =>
      http.request<{ counts: StatusCounts }>('GET', withQuery('/api/occurrences/counts', { agencyId, type, reportedFrom, reportedTo })),
    occurrence: (id: string) => http.request<OccurrenceDetail>('GET', occurrence(id)),
    units,
    /** Every unit the session may see, following the cursor (a fleet is hundreds of units, not millions). */
    allUnits: async (maxPages = 20): Promise<UnitView[]> => {
      const all: UnitView[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < maxPages; page += 1) {
        const answer: Page<UnitView> = await units(cursor);
        all.push(...answer.data);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      return all;
    },
    nearestUnits: (occurrenceId: string, limit = 20) =>
      http.request<NearestUnits>('GET', withQuery(`${occurrence(occurrenceId)}/nearest-units`, { limit })),
    responseTimes: (from: string, to: string, groupBy: ResponseTimesGroupBy) =>
      http.request<ResponseTimesReport>('GET', withQuery('/api/reports/response-times', { from, to, groupBy })),
    audit: (aggregateType: 'occurrence' | 'dispatch', aggregateId: string) =>
      http.request<Page<AuditEntry>>('GET', withQuery('/api/audit', { aggregateType, aggregateId, limit: 500 })),
    /** With `waitSeconds`, the gateway answers as soon as the command settles (or with it still pending when the wait ends). */
    command: (id: string, waitSeconds = 0) =>
      http.request<Command>('GET', `/api/commands/${encodeURIComponent(id)}${waitSeconds > 0 ? `?wait=${waitSeconds}` : ''}`),
    commands: (limit = 100) => http.request<{ data: Command[] }>('GET', withQuery('/api/commands', { limit })),

    /** The intake integrations use: a new occurrence, or an update of the open one with the same externalId. */
    report: (key: string, body: OccurrenceReportBody) => command('POST', '/api/integrations/occurrences', key, body),
    start: (id: string, key: string, note?: string) => command('POST', `${occurrence(id)}/start`, key, note ? { note } : undefined),
    resolve: (id: string, key: string, note?: string) => command('POST', `${occurrence(id)}/resolve`, key, note ? { note } : undefined),
    cancel: (id: string, key: string, reason: string) => command('POST', `${occurrence(id)}/cancel`, key, { reason }),
    dispatchUnit: (id: string, key: string, unitId: string, note?: string) =>
      command('POST', `${occurrence(id)}/dispatches`, key, note ? { unitId, note } : { unitId }),
    changeDispatchStatus: (id: string, key: string, status: 'en_route' | 'on_scene') => command('PATCH', `${dispatch(id)}/status`, key, { status }),
    closeDispatch: (id: string, key: string, reason?: string) => command('POST', `${dispatch(id)}/close`, key, reason ? { reason } : undefined),
    setOutOfService: (unitId: string, key: string, reason: string) => command('POST', `${unit(unitId)}/out-of-service`, key, { reason }),
    setInService: (unitId: string, key: string) => command('POST', `${unit(unitId)}/in-service`, key, {}),

    users: () => http.request<{ data: UserAccount[] }>('GET', '/api/users'),
    inviteUser: (account: NewUserAccount) => http.request<{ user: UserAccount; link: IssuedLink }>('POST', '/api/users', { body: account }),
    /** A reset link, or a new invitation when the account has no password yet. */
    issueUserLink: (id: string) => http.request<{ user: UserAccount; link: IssuedLink }>('POST', `${user(id)}/links`),
    setUserRoles: (id: string, roles: Role[]) => http.request<UserAccount>('PUT', `${user(id)}/roles`, { body: { roles } }),
    disableUser: (id: string) => http.request<UserAccount>('POST', `${user(id)}/disable`),
    /** A lost phone: the account signs in with its password alone, its sessions end, and the person enrols again. */
    removeSecondFactor: (id: string) => http.request<UserAccount>('DELETE', `${user(id)}/second-factor`),
    /** The signed-in person's own authenticator: a new pending secret, then a current code of it to turn it on. */
    beginSecondFactor: () => http.request<TotpEnrolment>('POST', '/api/me/second-factor'),
    confirmSecondFactor: (code: string) => http.request<UserAccount>('POST', '/api/me/second-factor/confirm', { body: { code } }),
    /** The public "set your password" page: no session, the link's token authenticates. */
    accountLink: (token: string) => http.request<AccountLinkView>('GET', accountLink(token)),
    setPasswordByLink: (token: string, password: string) => http.request<{ login: string; displayName: string }>('POST', accountLink(token), { body: { password } }),

    operationsOverview: () => http.request<OperationsOverview>('GET', '/api/operations/overview'),
    deadLetters: (topic: string, limit = 100) => http.request<{ data: DeadLetter[] }>('GET', withQuery('/api/operations/dead-letters', { topic, limit })),
    redrive: (topic: string, offsets: string[]) =>
      http.request<{ redriven: number }>('POST', '/api/operations/dead-letters/redrive', { body: { topic, offsets } }),
  };
}

export type ConsoleApi = ReturnType<typeof createConsoleApi>;
