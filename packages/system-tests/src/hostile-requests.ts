import { randomUUID } from 'node:crypto';

export interface HostileRequest {
  label: string;
  method: string;
  path: string;
  /** Header values given as arrays are sent as repeated header lines. */
  headers: Record<string, string | string[]>;
  body?: Buffer;
}

/** mulberry32: a small seeded generator, so a failing case can be reproduced from the seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hostileStrings = [
  "'; DROP TABLE commands; --",
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '${process.exit(1)}',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202eevil',
  '\u200b\u200b',
  '🔥🚒'.repeat(50),
  'ﷺ'.repeat(100),
  'é'.repeat(6000),
  'x'.repeat(100_000),
  '',
  ' ',
  '\n\t\r',
  '../../etc/passwd',
  '%00',
  '\\u0000',
  'null',
  '-1',
  '9'.repeat(400),
];

const hostileValues: unknown[] = [null, true, false, 0, -1, 1e308, 1.5, [], [1, 2], {}, { $gt: '' }, ...hostileStrings];

const validIntake = () => ({
  externalId: `FUZZ-${randomUUID()}`,
  type: 'incendio_urbano',
  description: 'Incêndio em residência',
  reportedAt: '2026-02-01T14:32:00-03:00',
});

/** Percent-encodes any string's UTF-8 bytes, lone surrogates included (encodeURIComponent throws on those). */
const percentEncode = (value: unknown) => [...Buffer.from(String(value), 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

const deep = (depth: number): unknown => (depth === 0 ? 'x' : { nested: deep(depth - 1) });

/** Real ids of another agency's data, which must not exist for the fuzzing client. */
export interface ForeignIds {
  occurrenceId: string;
  dispatchId: string;
  commandId: string;
}

export const FOREIGN_ID_FAMILY = "another agency's real id";

/** Reads and commands aimed at another agency's data, some with forged internal access headers. */
function foreignIdRequest(foreign: ForeignIds, pick: <T>(items: readonly T[]) => T, headers: () => Record<string, string>): HostileRequest {
  const { occurrenceId, dispatchId, commandId } = foreign;
  const forged = pick<Record<string, string>>([{}, { 'x-atalaia-agency-id': 'fuzz-victim' }, { 'x-atalaia-cross-agency': 'true' }, { 'x-atalaia-access': 'e30.eyJhZ2VuY3lJZCI6ImZ1enotdmljdGltIiwiY3Jvc3NBZ2VuY3kiOnRydWV9.' }]);
  const [method, path, body] = pick([
    ['GET', `/api/occurrences/${occurrenceId}`],
    ['GET', `/api/occurrences/${occurrenceId}/dispatches`],
    ['GET', `/api/dispatches/${dispatchId}`],
    ['GET', `/api/commands/${commandId}`],
    ['GET', `/api/audit?aggregateType=occurrence&aggregateId=${occurrenceId}`],
    ['GET', '/api/occurrences?agencyId=fuzz-victim'],
    ['POST', `/api/occurrences/${occurrenceId}/start`, {}],
    ['POST', `/api/occurrences/${occurrenceId}/resolve`, { note: 'x' }],
    ['POST', `/api/occurrences/${occurrenceId}/cancel`, { reason: 'x' }],
    ['POST', `/api/occurrences/${occurrenceId}/dispatches`, { resourceCode: 'FZ-1' }],
    ['PATCH', `/api/dispatches/${dispatchId}/status`, { status: 'en_route' }],
    ['POST', `/api/dispatches/${dispatchId}/close`, { reason: 'x' }],
  ] as const);
  return {
    label: FOREIGN_ID_FAMILY,
    method,
    path,
    headers: { ...headers(), ...forged },
    body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
  };
}

/**
 * Builds `count` malformed or hostile requests, cycling through families of
 * attacks; with `foreign`, one family aims at another agency's real ids.
 */
export function hostileRequests(apiKey: string, count: number, seed: number, foreign?: ForeignIds): HostileRequest[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  const base = () => ({ 'x-api-key': apiKey, 'content-type': 'application/json', 'idempotency-key': `fuzz-${randomUUID()}` });
  const field = () => pick(['externalId', 'type', 'description', 'reportedAt', 'extra', '__proto__', 'constructor']);
  const commandPaths = [
    '/api/integrations/occurrences',
    `/api/occurrences/${randomUUID()}/start`,
    `/api/occurrences/${randomUUID()}/cancel`,
    `/api/occurrences/${randomUUID()}/dispatches`,
    `/api/dispatches/${randomUUID()}/close`,
  ];
  const families: Array<() => HostileRequest> = [
    () => ({ label: 'truncated or invalid JSON', method: 'POST', path: pick(commandPaths), headers: base(), body: Buffer.from(pick(['{', '{"a":', '[1,', "{'a':1}", '{"a":1}}', 'NaN', 'undefined', '{"a":01}', '\u0000', '{"a":"\\x41"}'])) }),
    () => ({ label: 'wrong type for a field', method: 'POST', path: '/api/integrations/occurrences', headers: base(), body: json({ ...validIntake(), [field()]: pick(hostileValues) }) }),
    () => ({ label: 'hostile string in a field', method: 'POST', path: '/api/integrations/occurrences', headers: base(), body: json({ ...validIntake(), [pick(['externalId', 'type', 'description', 'reportedAt'])]: pick(hostileStrings) }) }),
    () => ({ label: 'body of a wrong shape', method: pick(['POST', 'PATCH']), path: pick([...commandPaths, `/api/dispatches/${randomUUID()}/status`]), headers: base(), body: json(pick([[], 'text', 42, null, { status: pick(hostileValues) }, { resourceCode: pick(hostileValues) }, { reason: pick(hostileValues) }])) }),
    () => ({ label: 'deep or wide JSON', method: 'POST', path: '/api/integrations/occurrences', headers: base(), body: json(pick([deep(50), { ...validIntake(), extra: deep(12) }, Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])), { list: Array.from({ length: 5000 }, () => 1) }])) }),
    () => ({ label: 'oversized body', method: 'POST', path: '/api/integrations/occurrences', headers: base(), body: json({ ...validIntake(), description: 'x'.repeat(70_000 + Math.floor(random() * 100_000)) }) }),
    () => ({ label: 'missing idempotency key', method: 'POST', path: pick(commandPaths), headers: { 'x-api-key': apiKey, 'content-type': 'application/json' }, body: json(validIntake()) }),
    () => ({ label: 'duplicated idempotency key header', method: 'POST', path: '/api/integrations/occurrences', headers: { ...base(), 'idempotency-key': ['k1', 'k2'] }, body: json(validIntake()) }),
    () => ({ label: 'duplicated API key header', method: 'POST', path: '/api/integrations/occurrences', headers: { ...base(), 'x-api-key': [apiKey, apiKey] }, body: json(validIntake()) }),
    () => ({ label: 'hostile idempotency key', method: 'POST', path: '/api/integrations/occurrences', headers: { ...base(), 'idempotency-key': pick(['', ' ', 'k'.repeat(300), 'ç', "' OR 1=1", 'a b']) }, body: json(validIntake()) }),
    () => ({ label: 'wrong or missing content type', method: 'POST', path: '/api/integrations/occurrences', headers: { ...base(), 'content-type': pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json-patch+json', '']) }, body: json(validIntake()) }),
    () => ({ label: 'missing, wrong or hostile API key', method: pick(['GET', 'POST']), path: pick(['/api/occurrences', '/api/integrations/occurrences']), headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...(random() < 0.5 ? {} : { 'x-api-key': pick(['wrong', "' OR 1=1 --", 'atk_00000000_' + 'a'.repeat(43), 'x'.repeat(5000)]) }), ...(random() < 0.3 ? { authorization: pick(['Bearer', 'Basic abc', 'Bearer a b']) } : {}) }, body: json(validIntake()) }),
    () => ({ label: 'malformed path id', method: pick(['GET', 'POST']), path: pick(['/api/occurrences/', '/api/dispatches/']) + percentEncode(pick(['not-a-uuid', "1' OR '1'='1", '../../', '%00', '0'.repeat(300), '00000000-0000-0000-0000-00000000000g'])) + pick(['', '/start', '/close', '/dispatches']), headers: base(), body: json({ reason: 'x' }) }),
    () => ({ label: 'hostile query string', method: 'GET', path: `/api/occurrences?${pick(['status', 'type', 'agencyId', 'externalId', 'reportedFrom', 'reportedTo', 'limit', 'cursor', 'nope', 'status[]'])}=${percentEncode(String(pick(hostileValues)))}`, headers: { 'x-api-key': apiKey } }),
    () => ({ label: 'hostile audit query', method: 'GET', path: `/api/audit?aggregateType=${percentEncode(String(pick(hostileValues)))}&aggregateId=${percentEncode(String(pick(hostileValues)))}`, headers: { 'x-api-key': apiKey } }),
    () => ({ label: 'unknown route or method', method: pick(['DELETE', 'PUT', 'OPTIONS', 'GET', 'POST']), path: pick(['/api/occurrences/x/explode', '/api/admin', '/api/integrations/occurrences/../../', '/%2e%2e/%2e%2e', '/api/commands']), headers: base(), body: json({}) }),
    () => ({ label: 'oversized header', method: 'GET', path: '/api/occurrences', headers: { 'x-api-key': apiKey, 'x-padding': 'p'.repeat(20_000) } }),
    () => ({ label: 'hostile correlation id', method: 'POST', path: '/api/integrations/occurrences', headers: { ...base(), 'x-correlation-id': pick(['', 'c'.repeat(500), 'a b', 'ç']) }, body: json(validIntake()) }),
  ];
  if (foreign) families.push(() => foreignIdRequest(foreign, pick, base));
  return Array.from({ length: count }, (_, index) => families[index % families.length]!());
}
