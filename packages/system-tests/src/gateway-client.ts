import { randomUUID } from 'node:crypto';
import { waitFor } from '@atalaia/testing';

// Tests read answers loosely: each assertion states the shape it expects.
export type Json = any;

export interface GatewayAnswer {
  status: number;
  headers: Headers;
  body: Json;
}

export interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

/** A caller of the public API, as an agency or the console would be. */
export class GatewayClient {
  private readonly registered = new Map<string, string>();
  constructor(
    readonly baseUrl: string,
    readonly apiKey: string,
  ) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<GatewayAnswer> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        'X-API-Key': this.apiKey,
        ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  get(path: string): Promise<GatewayAnswer> {
    return this.request('GET', path);
  }

  /** Sends a command with a fresh idempotency key unless one is given; expects 202. */
  async send(method: 'POST' | 'PATCH', path: string, body?: unknown, idempotencyKey = randomUUID()): Promise<string> {
    const answer = await this.request(method, path, { body, idempotencyKey });
    if (answer.status !== 202) throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body.commandId as string;
  }

  /** Waits until the command is processed or failed, and returns it: long reads (`?wait=`) rather than polling. */
  settle(commandId: string, timeoutMs = 30_000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    return waitFor(
      async () => {
        const wait = Math.max(0, Math.min(10, (deadline - Date.now()) / 1000));
        const { body } = await this.get(`/api/commands/${commandId}?wait=${wait.toFixed(1)}`);
        return (body.status === 'processed' || body.status === 'failed') && body;
      },
      { timeoutMs, intervalMs: 0, description: `command ${commandId} to settle` },
    );
  }

  async run(method: 'POST' | 'PATCH', path: string, body?: unknown): Promise<Json> {
    return this.settle(await this.send(method, path, body));
  }

  /** Reports an occurrence and returns its id once created. */
  async createOccurrence(overrides: Record<string, unknown> = {}): Promise<string> {
    const command = await this.run('POST', '/api/integrations/occurrences', {
      externalId: `EXT-${randomUUID()}`,
      type: 'incendio_urbano',
      description: 'Incêndio em residência',
      reportedAt: '2026-02-01T14:32:00-03:00',
      ...overrides,
    });
    if (command.status !== 'processed') throw new Error(`occurrence not created: ${JSON.stringify(command)}`);
    return command.result.occurrenceId as string;
  }

  /** Registers a unit of the client's agency and returns its id once registered. */
  async registerUnit(code: string, fields: Record<string, unknown> = {}): Promise<string> {
    const command = await this.run('POST', '/api/units', { code, kind: code.split('-')[0]?.match(/^[A-Z]+$/) ? code.split('-')[0] : 'ABT', ...fields });
    if (command.status !== 'processed') throw new Error(`unit ${code} not registered: ${JSON.stringify(command)}`);
    this.registered.set(code, command.result.unitId as string);
    return command.result.unitId as string;
  }

  /** The id of the client's unit `code`, registered first if this client has not yet. */
  async ensureUnit(code: string): Promise<string> {
    const known = this.registered.get(code);
    if (known) return known;
    const command = await this.run('POST', '/api/units', { code, kind: 'ABT' });
    if (command.status === 'failed' && command.error?.code !== 'UNIT_ALREADY_REGISTERED') throw new Error(`unit ${code}: ${JSON.stringify(command)}`);
    const unitId = (command.result?.unitId ?? command.aggregateId) as string;
    this.registered.set(code, unitId);
    return unitId;
  }

  /** Sends the client's unit `code` (registered first when needed) to the occurrence, and returns the settled command. */
  async dispatchUnit(occurrenceId: string, unitCode: string): Promise<Json> {
    await this.ensureUnit(unitCode);
    return this.run('POST', `/api/occurrences/${occurrenceId}/dispatches`, { unitCode });
  }

  async auditTrail(aggregateType: string, aggregateId: string): Promise<Json[]> {
    return (await this.get(`/api/audit?aggregateType=${aggregateType}&aggregateId=${aggregateId}`)).body.data;
  }
}
