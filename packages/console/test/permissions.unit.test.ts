import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasPermission, permissions, requiredPermissionOf, roles } from '../src/domain/permissions';
import { aPersonSession, aSession } from './builders';

// The console keeps its own copy of the lists (it does not bundle the contracts); the contracts' source is the reference.
const contractsSource = readFileSync(join(__dirname, '..', '..', 'contracts', 'src', 'permissions.ts'), 'utf8');
const listed = (name: string) => {
  const body = new RegExp(`export const ${name} = \\[([^\\]]*)\\] as const`).exec(contractsSource)?.[1] ?? '';
  return [...body.matchAll(/'([^']+)'/g)].map((match) => match[1]);
};

describe('permissions', () => {
  it('when the contracts list permissions and roles, then the console knows exactly those', () => {
    expect([...permissions]).toEqual(listed('permissions'));
    expect([...roles]).toEqual(listed('roles'));
  });

  it('when a person\'s session lists a permission, then the person holds it, whatever their scopes', () => {
    const callTaker = aPersonSession(['call_taker']);
    expect(hasPermission(callTaker, 'occurrences:report')).toBe(true);
    expect(hasPermission(callTaker, 'occurrences:progress')).toBe(false);
    expect(hasPermission(aSession({ scopes: ['operations'], permissions: ['read'] }), 'operations')).toBe(false);
  });

  it('when a refusal names the permission it needs, then that permission is read from its detail', () => {
    const problem = { code: 'INSUFFICIENT_SCOPE', detail: 'requires permission occurrences:progress (scope occurrences:write)' };
    expect(requiredPermissionOf(problem)).toBe('occurrences:progress');
    expect(requiredPermissionOf({ code: 'INSUFFICIENT_SCOPE', detail: 'requires permission nonsense:x (scope y)' })).toBeUndefined();
    expect(requiredPermissionOf({ code: 'PERMISSION_DENIED', detail: 'requires permission read' })).toBeUndefined();
  });
});
