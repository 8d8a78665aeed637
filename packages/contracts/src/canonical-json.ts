import { createHash } from 'node:crypto';

/**
 * Serialises JSON with object keys sorted at every depth and no insignificant
 * whitespace, so two payloads that mean the same thing hash the same.
 * Array order is significant and kept.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`);
  return `{${entries.join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Fingerprint of a payload: sha256 over its canonical JSON. */
export function fingerprint(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
