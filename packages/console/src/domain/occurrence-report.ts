import type { OccurrenceLocationInput, OccurrenceReportBody } from './types';

/**
 * A call taker's report of a phone call, as the form holds it and as the
 * intake (`POST /api/integrations/occurrences`) takes it. The rules are the
 * contract's (`occurrenceIntakeSchema`), checked here first so the form can
 * point at a field; the gateway checks them again.
 */

/**
 * The types the form offers. The contract takes any snake_case code and
 * keeps no list, so these are the codes the agencies' integrations send,
 * with a label in each language (`occurrenceType.*`).
 */
export const reportableOccurrenceTypes = [
  'incendio_urbano',
  'incendio_florestal',
  'incendio_veicular',
  'resgate_veicular',
  'salvamento_aquatico',
  'salvamento_em_altura',
  'atendimento_pre_hospitalar',
  'produto_perigoso',
  'desabamento',
  'alagamento',
  'queda_de_arvore',
  'captura_de_animal',
] as const;

export const occurrencePriorities = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0] as const;
export type PriorityBand = 'low' | 'medium' | 'high' | 'critical';

/** The contract's bands: 0–3 low, 4–6 medium, 7–8 high, 9–10 critical. */
export function priorityBandOf(priority: number): PriorityBand {
  if (priority >= 9) return 'critical';
  if (priority >= 7) return 'high';
  if (priority >= 4) return 'medium';
  return 'low';
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

/**
 * The external id of a call: `CALL-<local date>-<local time>-<8 hex>`, read
 * out over the radio as easily as it sorts. It must be unique in the agency —
 * the intake takes a repeated external id as an update of that open
 * occurrence — so the random part is 32 bits, not a counter per console.
 */
export function callExternalId(at: Date, randomHex: string): string {
  const date = `${at.getFullYear()}${twoDigits(at.getMonth() + 1)}${twoDigits(at.getDate())}`;
  return `CALL-${date}-${twoDigits(at.getHours())}${twoDigits(at.getMinutes())}-${randomHex.slice(0, 8).toLowerCase()}`;
}

export const newCallExternalId = (at: Date = new Date()): string => callExternalId(at, crypto.randomUUID().replaceAll('-', ''));

/** What the form holds: text as typed (numbers included, a decimal comma allowed), the time as an ISO instant. */
export interface ReportDraft {
  externalId: string;
  type: string;
  description: string;
  reportedAt: string;
  address: string;
  municipality: string;
  latitude: string;
  longitude: string;
  /** '' when not given, else '0'…'10'. */
  priority: string;
}

/** A new call: its id, reported now (editable), the first type offered. */
export function newReportDraft(now: Date, externalId: string): ReportDraft {
  return { externalId, type: reportableOccurrenceTypes[0], description: '', reportedAt: now.toISOString(), address: '', municipality: '', latitude: '', longitude: '', priority: '' };
}

export type ReportField = 'externalId' | 'type' | 'description' | 'reportedAt' | 'address' | 'municipality' | 'latitude' | 'longitude' | 'priority';
export type ReportProblem = 'required' | 'invalid_external_id' | 'invalid_type' | 'too_long' | 'invalid_time' | 'invalid_number' | 'out_of_range' | 'coordinates_together';
export type ReportProblems = Partial<Record<ReportField, ReportProblem>>;

const externalIdPattern = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
const typePattern = /^[a-z][a-z0-9_]*$/;

const numberOf = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim().replace(',', '.')));

function checkText(problems: ReportProblems, field: ReportField, text: string, max: number, required: boolean): void {
  if (required && text.trim() === '') problems[field] = 'required';
  else if (text.trim().length > max) problems[field] = 'too_long';
}

function checkCoordinate(problems: ReportProblems, field: 'latitude' | 'longitude', value: number | undefined, bound: number): void {
  if (value === undefined) return;
  if (!Number.isFinite(value)) problems[field] = 'invalid_number';
  else if (Math.abs(value) > bound) problems[field] = 'out_of_range';
}

function locationOf(draft: ReportDraft, latitude: number | undefined, longitude: number | undefined): OccurrenceLocationInput | undefined {
  const location: OccurrenceLocationInput = {};
  if (draft.address.trim()) location.address = draft.address.trim();
  if (draft.municipality.trim()) location.municipality = draft.municipality.trim();
  if (latitude !== undefined && longitude !== undefined) Object.assign(location, { latitude, longitude });
  return Object.keys(location).length > 0 ? location : undefined;
}

/** The intake body, or what is wrong with each field. */
export function reportBodyOf(draft: ReportDraft): { body: OccurrenceReportBody } | { problems: ReportProblems } {
  const problems: ReportProblems = {};
  const externalId = draft.externalId.trim();
  if (!externalId) problems.externalId = 'required';
  else if (externalId.length > 100) problems.externalId = 'too_long';
  else if (!externalIdPattern.test(externalId)) problems.externalId = 'invalid_external_id';
  if (!typePattern.test(draft.type) || draft.type.length > 64) problems.type = 'invalid_type';
  checkText(problems, 'description', draft.description, 5000, true);
  if (Number.isNaN(Date.parse(draft.reportedAt))) problems.reportedAt = 'invalid_time';
  checkText(problems, 'address', draft.address, 500, false);
  checkText(problems, 'municipality', draft.municipality, 120, false);
  const [latitude, longitude] = [numberOf(draft.latitude), numberOf(draft.longitude)];
  checkCoordinate(problems, 'latitude', latitude, 90);
  checkCoordinate(problems, 'longitude', longitude, 180);
  if ((latitude === undefined) !== (longitude === undefined)) problems[latitude === undefined ? 'latitude' : 'longitude'] = 'coordinates_together';
  const priority = draft.priority === '' ? undefined : Number(draft.priority);
  if (priority !== undefined && !(Number.isInteger(priority) && priority >= 0 && priority <= 10)) problems.priority = 'out_of_range';
  if (Object.keys(problems).length > 0) return { problems };

  const location = locationOf(draft, latitude, longitude);
  return {
    body: {
      externalId,
      type: draft.type,
      description: draft.description.trim(),
      reportedAt: new Date(draft.reportedAt).toISOString(),
      ...(location ? { location } : {}),
      ...(priority !== undefined ? { priority } : {}),
    },
  };
}
