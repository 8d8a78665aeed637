import { ProblemError } from '@atalaia/http';
import type { AuditEntryRow } from '../db/audit-trail';


// Sequences are positive BIGINTs: at most 19 digits, kept to 18 so any match fits.
const SEQUENCE_TEXT = /^[1-9]\d{0,17}$/;

/** The cursor after `sequence`: opaque to clients, which only hand it back. */
export function encodeCursor(sequence: bigint): string {
  return Buffer.from(sequence.toString(), 'utf8').toString('base64url');
}

/** The sequence a cursor continues after; a cursor this service did not mint is a 400. */
export function decodeCursor(cursor: string): bigint {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!SEQUENCE_TEXT.test(text) || encodeCursor(BigInt(text)) !== cursor) {
    throw new ProblemError(400, 'INVALID_CURSOR', 'The pagination cursor is not valid');
  }
  return BigInt(text);
}

export function presentEntry(row: AuditEntryRow) {
  const { sequence, actorClientId, actorAgencyId, ...rest } = row;
  return { ...rest, sequence: sequence.toString(), actor: { clientId: actorClientId, agencyId: actorAgencyId } };
}
