import { createHash } from 'node:crypto';

/** The UUID namespace of Atalaia occurrence ids (a fixed random v4 UUID). */
export const OCCURRENCE_ID_NAMESPACE = 'a6e1f0c2-3b7d-4c55-9f1e-8d2b6c4a7e90';

/** An RFC 9562 version-5 UUID: SHA-1 of the namespace's bytes and the name, with version and variant bits set. */
export function uuidV5(name: string, namespace: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id of an agency's occurrence for `externalId`, known before it exists.
 * The gateway keys an intake command with it, as it keys every later command
 * about the occurrence, so they all land on one partition in the order
 * accepted (an update followed at once by a cancel never runs reversed).
 */
export function occurrenceIdFor(agencyId: string, externalId: string): string {
  return uuidV5(`${agencyId}\n${externalId}`, OCCURRENCE_ID_NAMESPACE);
}
