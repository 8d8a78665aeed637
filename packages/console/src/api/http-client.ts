import type { Problem } from '../domain/types';

/** An answer from the gateway that is not a success: its problem+json, with the stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ApiError';
  }

  get code(): string {
    return this.problem.code;
  }
}

/** No answer at all (offline, gateway down): the request may or may not have arrived. */
export class NetworkError extends Error {
  readonly code = 'NETWORK_ERROR';
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkError';
  }
}

export const errorCodeOf = (error: unknown): string =>
  error instanceof ApiError || error instanceof NetworkError ? error.code : 'INTERNAL_ERROR';

/** A 401 that means "sign in again" (as opposed to a wrong key at sign-in). */
export const isSessionLoss = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 401 && (error.code === 'SESSION_EXPIRED' || error.code === 'AUTHENTICATION_REQUIRED');

export type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
}

export interface HttpClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
}

export interface HttpClientOptions {
  fetch?: typeof fetch;
  /** Called for every 401 SESSION_EXPIRED / AUTHENTICATION_REQUIRED, before the error is thrown. */
  onSessionLost?: (code: string) => void;
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Partial<Problem>;
    if (typeof body.code === 'string') return body as Problem;
  } catch {
    // not JSON: a proxy's page, say
  }
  return { code: response.status >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'INTERNAL_ERROR', status: response.status, title: response.statusText };
}

/** Same-origin JSON over fetch: the session cookie authenticates; no key ever leaves the sign-in form. */
export function createHttpClient({ fetch: fetchImpl = (...args) => globalThis.fetch(...args), onSessionLost }: HttpClientOptions = {}): HttpClient {
  return {
    async request<T>(method: string, path: string, { body, idempotencyKey }: RequestOptions = {}): Promise<T> {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
      let response: Response;
      try {
        response = await fetchImpl(path, {
          method,
          headers,
          credentials: 'same-origin',
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        throw new NetworkError(error);
      }
      if (!response.ok) {
        const error = new ApiError(response.status, await problemOf(response));
        if (isSessionLoss(error)) onSessionLost?.(error.code);
        throw error;
      }
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    },
  };
}
