import type { AuditEntry } from './types';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

// Bookkeeping that changes on every write and says nothing to an operator.
const ignoredFields = new Set(['updatedAt', 'version']);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The fields an audit entry changed, in the order they appear (after's first, then removed ones). */
export function diffFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  const fields = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])];
  return fields
    .filter((field) => !ignoredFields.has(field))
    .map((field) => ({ field, before: before?.[field], after: after?.[field] }))
    .filter(({ before: was, after: now }) => !same(was, now));
}

/** Trails of an occurrence and its dispatches as one timeline, oldest first. */
export function mergeTrails(trails: AuditEntry[][]): AuditEntry[] {
  return trails
    .flat()
    .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || Number(a.sequence) - Number(b.sequence));
}

/** A value as one short line of text for the diff table. */
export function displayValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
