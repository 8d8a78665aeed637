import { diffFields, displayValue, mergeTrails } from '../src/domain/audit-diff';
import type { AuditEntry } from '../src/domain/types';

function anEntry(overrides: Partial<AuditEntry>): AuditEntry {
  return {
    sequence: 1,
    action: 'occurrence.started',
    actor: { clientId: 'client-1', agencyId: 'cbm-se' },
    ownerAgencyId: 'cbm-se',
    before: null,
    after: null,
    commandId: null,
    correlationId: null,
    occurredAt: '2026-02-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('audit diff', () => {
  it('when a status changes, then the diff lists that field with before and after', () => {
    expect(diffFields({ status: 'reported', type: 'x' }, { status: 'in_progress', type: 'x' })).toEqual([{ field: 'status', before: 'reported', after: 'in_progress' }]);
  });

  it('when the entry creates the aggregate, then every field appears with no before', () => {
    expect(diffFields(null, { status: 'reported', type: 'x' })).toEqual([
      { field: 'status', before: undefined, after: 'reported' },
      { field: 'type', before: undefined, after: 'x' },
    ]);
  });

  it('when only bookkeeping changed (updatedAt, version), then nothing is listed', () => {
    expect(diffFields({ updatedAt: 'a', version: 1 }, { updatedAt: 'b', version: 2 })).toEqual([]);
  });

  it('when a nested value changes, then it is compared by content', () => {
    expect(diffFields({ actor: { id: 1 } }, { actor: { id: 1 } })).toEqual([]);
    expect(diffFields({ actor: { id: 1 } }, { actor: { id: 2 } })).toHaveLength(1);
  });

  it('when trails of an occurrence and its dispatches are merged, then entries come in time order', () => {
    const merged = mergeTrails([
      [anEntry({ sequence: 1, occurredAt: '2026-02-01T10:00:00Z' }), anEntry({ sequence: 3, occurredAt: '2026-02-01T10:10:00Z' })],
      [anEntry({ sequence: 2, occurredAt: '2026-02-01T10:05:00Z' })],
    ]);
    expect(merged.map((entry) => entry.sequence)).toEqual([1, 2, 3]);
  });

  it('when a value is shown, then missing is a dash and objects are JSON', () => {
    expect(displayValue(undefined)).toBe('—');
    expect(displayValue(null)).toBe('—');
    expect(displayValue({ a: 1 })).toBe('{"a":1}');
    expect(displayValue('text')).toBe('text');
  });
});
