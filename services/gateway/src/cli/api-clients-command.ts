import { parseArgs } from 'node:util';
import type { ApiClientRecord, ApiClientStore } from '../db/api-client-store';
import { agencyScopes, apiScopes, isApiScope, type ApiScope } from '../domain/api-client';

export const usage = `usage: clients <command>
  create --name <name> --agency <agency-id> [--scopes <comma-separated, of ${apiScopes.join(',')}; default ${agencyScopes.join(',')}>] [--rate-limit <per-minute>]
  list
  rotate <client-id>
  revoke <client-id>`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function describe(record: ApiClientRecord): string {
  const state = record.revokedAt ? `revoked ${record.revokedAt.toISOString()}` : 'active';
  const limit = record.rateLimitPerMinute ? `${record.rateLimitPerMinute}/min` : 'default limit';
  const used = record.lastUsedAt ? record.lastUsedAt.toISOString() : 'never';
  return `${record.id}  ${record.keyPrefix}  ${record.agencyId}  "${record.name}"  [${record.scopes.join(',')}]  ${limit}  ${state}  created ${record.createdAt.toISOString()}  last used ${used}`;
}

function parseScopes(value: string | undefined): ApiScope[] {
  if (value === undefined) return [...agencyScopes];
  const scopes = value.split(',').map((scope) => scope.trim());
  const unknown = scopes.filter((scope) => !isApiScope(scope));
  if (unknown.length > 0) throw new UsageError(`unknown scope(s): ${unknown.join(', ')}; known: ${apiScopes.join(', ')}`);
  return scopes as ApiScope[];
}

function newKeyLines(record: ApiClientRecord, key: string): string[] {
  return [describe(record), '', `API key (shown once, store it now): ${key}`];
}

/** Runs one CLI command against the store and returns the lines to print. */
export async function runApiClientsCommand(argv: string[], store: ApiClientStore): Promise<string[]> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'create': {
      const { values } = parseArgs({
        args: rest,
        options: { name: { type: 'string' }, agency: { type: 'string' }, scopes: { type: 'string' }, 'rate-limit': { type: 'string' } },
      });
      if (!values.name || !values.agency || !/^[a-z0-9-]{1,64}$/.test(values.agency)) {
        throw new UsageError('create needs --name and --agency (lower-case letters, digits and dashes)');
      }
      const rateLimit = values['rate-limit'] === undefined ? null : Number(values['rate-limit']);
      if (rateLimit !== null && (!Number.isInteger(rateLimit) || rateLimit < 1)) throw new UsageError('--rate-limit must be a positive whole number');
      const { record, key } = await store.create({
        name: values.name,
        agencyId: values.agency,
        scopes: parseScopes(values.scopes),
        rateLimitPerMinute: rateLimit,
      });
      return newKeyLines(record, key);
    }
    case 'list':
      return (await store.list()).map(describe);
    case 'rotate': {
      const rotated = rest[0] ? await store.rotate(rest[0]) : null;
      if (!rotated) throw new UsageError(`no active client ${rest[0] ?? ''}`);
      return newKeyLines(rotated.record, rotated.key);
    }
    case 'revoke':
      if (!rest[0] || !(await store.revoke(rest[0]))) throw new UsageError(`no active client ${rest[0] ?? ''}`);
      return [`revoked ${rest[0]}`];
    default:
      throw new UsageError(usage);
  }
}
