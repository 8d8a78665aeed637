import type { Coordinates, OccurrenceIntake, OccurrenceLocation, OccurrenceStatus } from '@atalaia/contracts';

/** The fields an integration may set; the rest of the occurrence is the platform's. */
export interface IntakeFields {
  type: string;
  description: string;
  reportedAt: Date;
  location: OccurrenceLocation | null;
  priority: number | null;
}

export interface ExistingOccurrence extends IntakeFields {
  status: OccurrenceStatus;
}

export type IntakeDecision =
  | { kind: 'create'; fields: IntakeFields }
  | { kind: 'update'; fields: IntakeFields; changedFields: Array<keyof IntakeFields> }
  | { kind: 'unchanged' }
  | { kind: 'rejected'; code: 'OCCURRENCE_CLOSED'; detail: string };

const closedStatuses: ReadonlySet<OccurrenceStatus> = new Set(['resolved', 'cancelled']);
const intakeFieldNames = ['type', 'description', 'reportedAt', 'location', 'priority'] as const;

/**
 * The address the geocoder should look up for this report, or null when there
 * is nothing to look up: the report sends its own point, sends no address, or
 * repeats the address whose point the occurrence already holds.
 */
export function addressToGeocode(existing: ExistingOccurrence | null, intake: OccurrenceIntake): string | null {
  const location = intake.location;
  if (!location?.address || location.latitude !== undefined) return null;
  const known = existing?.location;
  if (known && known.address === location.address && known.latitude !== null) return null;
  return location.address;
}

/**
 * Create-or-update from an integration, keyed by agency + externalId: the first
 * report creates the occurrence; a later one updates what changed. `location`
 * and `priority` are optional: a report that leaves one out keeps what the
 * occurrence holds, so an integration that never sends them cannot erase them.
 * A closed occurrence keeps its record as it was closed: changes are refused.
 * `geocoded` is the point the geocoder found for `addressToGeocode`, if any.
 */
export function decideIntake(existing: ExistingOccurrence | null, intake: OccurrenceIntake, geocoded: Coordinates | null = null): IntakeDecision {
  const fields: IntakeFields = {
    type: intake.type,
    description: intake.description,
    reportedAt: new Date(intake.reportedAt),
    location: intake.location ? locationOf(intake.location, existing?.location ?? null, geocoded) : (existing?.location ?? null),
    priority: intake.priority ?? existing?.priority ?? null,
  };
  if (!existing) return { kind: 'create', fields };
  const changedFields = intakeFieldNames.filter((name) => !sameField(name, existing, fields));
  if (changedFields.length === 0) return { kind: 'unchanged' };
  if (closedStatuses.has(existing.status)) {
    return { kind: 'rejected', code: 'OCCURRENCE_CLOSED', detail: `the occurrence is ${existing.status} and can no longer change` };
  }
  return { kind: 'update', fields, changedFields };
}

/** The place as stored: every field present; a point from the agency wins over the geocoder's, and a known geocoded point for the same address is kept. */
function locationOf(sent: NonNullable<OccurrenceIntake['location']>, known: OccurrenceLocation | null, geocoded: Coordinates | null): OccurrenceLocation {
  const place = { address: sent.address ?? null, municipality: sent.municipality ?? null, region: sent.region ?? null };
  if (sent.latitude !== undefined && sent.longitude !== undefined) {
    return { ...place, latitude: sent.latitude, longitude: sent.longitude, geocoded: false };
  }
  if (geocoded) return { ...place, latitude: geocoded.latitude, longitude: geocoded.longitude, geocoded: true };
  if (known?.geocoded && known.address === place.address) return { ...place, latitude: known.latitude, longitude: known.longitude, geocoded: true };
  return { ...place, latitude: null, longitude: null, geocoded: false };
}

function sameField(name: keyof IntakeFields, existing: IntakeFields, fields: IntakeFields): boolean {
  if (name === 'reportedAt') return existing.reportedAt.getTime() === fields.reportedAt.getTime();
  if (name === 'location') return sameLocation(existing.location, fields.location);
  return existing[name] === fields[name];
}

const locationKeys = ['address', 'latitude', 'longitude', 'municipality', 'region', 'geocoded'] as const;
const sameLocation = (a: OccurrenceLocation | null, b: OccurrenceLocation | null) =>
  a === null || b === null ? a === b : locationKeys.every((key) => a[key] === b[key]);
