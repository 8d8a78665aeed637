import { defaultUnitKinds, type Station, type UnitRegistration } from '@atalaia/contracts';
import type { StoredUnit, UnitDescription } from '../db/unit-repository';

/** Unit kinds by code, with their labels. */
export type UnitKindCatalog = ReadonlyMap<string, string>;

/** Units registered from dispatch history whose code names no known kind. */
export const UNCLASSIFIED_KIND = 'OUTRO';

/**
 * The installation's kinds: the shipped ones, OUTRO, and those `extra` adds
 * (`UNIT_KINDS`: `CODE=Label;CODE=Label`, which may also relabel a shipped kind).
 */
export function unitKindCatalog(extra: string | undefined): UnitKindCatalog {
  const kinds = new Map<string, string>([...Object.entries(defaultUnitKinds), [UNCLASSIFIED_KIND, 'Outra / não classificada']]);
  for (const entry of (extra ?? '').split(';').map((part) => part.trim()).filter(Boolean)) {
    const [code, ...label] = entry.split('=');
    if (!/^[A-Z][A-Z0-9]{0,11}$/.test(code!.trim()) || label.join('=').trim() === '') throw new Error(`UNIT_KINDS: "${entry}" is not CODE=Label`);
    kinds.set(code!.trim(), label.join('=').trim());
  }
  return kinds;
}

export type RegistryFailureCode = 'UNIT_KIND_UNKNOWN' | 'UNIT_ALREADY_REGISTERED' | 'UNIT_NOT_FOUND' | 'UNIT_RETIRED' | 'UNIT_BUSY';
export type RegistryDecision<T> = { ok: true; value: T } | { ok: false; code: RegistryFailureCode; detail: string };
const refuse = (code: RegistryFailureCode, detail: string) => ({ ok: false as const, code, detail });

export function describedBy(registration: UnitRegistration): UnitDescription {
  return {
    kind: registration.kind,
    name: registration.name ?? null,
    station: registration.station ?? null,
    capabilities: [...new Set(registration.capabilities)].sort(),
    crewSize: registration.crewSize ?? null,
  };
}

export function checkKind(kinds: UnitKindCatalog, kind: string): RegistryDecision<string> {
  return kinds.has(kind) ? { ok: true, value: kind } : refuse('UNIT_KIND_UNKNOWN', `unit kind ${kind} is not in this installation's catalog`);
}

export function decideRegistration(kinds: UnitKindCatalog, existing: StoredUnit | null, registration: UnitRegistration): RegistryDecision<UnitDescription> {
  if (existing) return refuse('UNIT_ALREADY_REGISTERED', `the agency already has a unit ${registration.code}`);
  const kind = checkKind(kinds, registration.kind);
  return kind.ok ? { ok: true, value: describedBy(registration) } : kind;
}

type UnitChanges = Partial<{ kind: string; name: string | null; station: Station | null; capabilities: string[]; crewSize: number | null }>;

const sameStation = (a: Station | null, b: Station | null) => JSON.stringify(a) === JSON.stringify(b);

/** The description after `changes`, and the fields that really changed (none: nothing to record). */
export function applyUnitChanges(
  kinds: UnitKindCatalog,
  current: UnitDescription,
  changes: UnitChanges,
): RegistryDecision<{ description: UnitDescription; changedFields: string[] }> {
  if (changes.kind !== undefined) {
    const kind = checkKind(kinds, changes.kind);
    if (!kind.ok) return kind;
  }
  const next: UnitDescription = {
    kind: changes.kind ?? current.kind,
    name: changes.name === undefined ? current.name : changes.name,
    station: changes.station === undefined ? current.station : changes.station,
    capabilities: changes.capabilities === undefined ? current.capabilities : [...new Set(changes.capabilities)].sort(),
    crewSize: changes.crewSize === undefined ? current.crewSize : changes.crewSize,
  };
  const changedFields = [
    next.kind !== current.kind && 'kind',
    next.name !== current.name && 'name',
    !sameStation(next.station, current.station) && 'station',
    next.capabilities.join(',') !== current.capabilities.join(',') && 'capabilities',
    next.crewSize !== current.crewSize && 'crewSize',
  ].filter((field): field is string => field !== false);
  return { ok: true, value: { description: next, changedFields } };
}

/** Retiring keeps the row and its history; a unit on a job finishes it first. */
export function decideRetirement(unit: StoredUnit): RegistryDecision<null> {
  if (unit.retiredAt) return refuse('UNIT_RETIRED', `unit ${unit.code} is already retired`);
  if (unit.status === 'assigned' || unit.status === 'en_route' || unit.status === 'on_scene') {
    return refuse('UNIT_BUSY', `unit ${unit.code} is ${unit.status.replace('_', ' ')} on a dispatch`);
  }
  return { ok: true, value: null };
}
