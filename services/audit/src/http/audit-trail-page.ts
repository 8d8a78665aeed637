import type { AuditTrailQuery } from '@atalaia/contracts';
import { ProblemError } from '@atalaia/http';
import type { AuditEntryRow, TrailSelection } from '../db/audit-trail';


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

/** What a trail query selects. The contract refuses a query that names neither an aggregate nor a person, so reaching the end is a bug. */
export function trailSelectionOf({ aggregateType, aggregateId, userId }: AuditTrailQuery): TrailSelection {
  const aggregate = aggregateType !== undefined && aggregateId !== undefined ? { type: aggregateType, id: aggregateId } : undefined;
  if (aggregate) return userId === undefined ? { aggregate } : { aggregate, actorUserId: userId };
  if (userId !== undefined) return { actorUserId: userId };
  throw new Error('an audit trail query passed the contract naming neither an aggregate nor a person');
}

/** An entry as `GET /api/audit` answers it; the actor names a person only when one acted, as the message did. */
export function presentEntry(row: AuditEntryRow) {
  const { sequence, actorClientId, actorAgencyId, actorUserId, actorUserName, ...rest } = row;
  const actor = {
    clientId: actorClientId,
    agencyId: actorAgencyId,
    ...(actorUserId === null ? {} : { userId: actorUserId }),
    ...(actorUserName === null ? {} : { userName: actorUserName }),
  };
  return { ...rest, sequence: sequence.toString(), actor };
}
