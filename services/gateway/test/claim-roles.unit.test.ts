import { claimAt, rolesFromClaims } from '../src/domain/claim-roles';

describe('roles from an identity provider’s claims', () => {
  it('reads a top-level claim, a nested one by dotted path, and a claim whose own name has a full stop', () => {
    const claims = { groups: ['a'], realm_access: { roles: ['b'] }, 'https://atalaia.example/roles': ['c'] };
    expect(claimAt(claims, 'groups')).toEqual(['a']);
    expect(claimAt(claims, 'realm_access.roles')).toEqual(['b']);
    expect(claimAt(claims, 'https://atalaia.example/roles')).toEqual(['c']);
    expect(claimAt(claims, 'realm_access.missing.deeper')).toBeUndefined();
  });

  it('maps claim values through the mapping, takes role names as themselves, and ignores the rest', () => {
    const claims = { groups: ['Central de Operações', 'supervisor', 'Cozinha', 42] };
    expect(rolesFromClaims(claims, 'groups', { 'Central de Operações': ['call_taker', 'dispatcher'] })).toEqual(['call_taker', 'dispatcher', 'supervisor']);
  });

  it('accepts a single string claim, and gives no role for a missing one', () => {
    expect(rolesFromClaims({ role: 'auditor' }, 'role', {})).toEqual(['auditor']);
    expect(rolesFromClaims({}, 'roles', {})).toEqual([]);
  });

  it('never grants an installation role from an agency’s provider, by name or by mapping', () => {
    expect(rolesFromClaims({ roles: ['platform_operator', 'Admins'] }, 'roles', { Admins: ['platform_operator', 'agency_admin'] })).toEqual(['agency_admin']);
  });
});
