import { newPasswordProblem, policyRefusalOf } from '../src/domain/new-password';
import type { UserAccount } from '../src/domain/types';
import { grantableRoles, linkAddress, newAccountOf, toggledRole, userActions, emptyAccountDraft } from '../src/domain/user-accounts';
import { aPersonSession } from './builders';

const anAccount = (overrides: Partial<UserAccount> = {}): UserAccount => ({
  id: '0b5e55ed-0000-4000-8000-000000000001',
  agencyId: 'cbm-se',
  login: 'ana.souza',
  displayName: 'Ana Souza',
  roles: ['dispatcher'],
  status: 'active',
  secondFactor: false,
  createdAt: '2026-12-01T10:00:00.000Z',
  lastSignInAt: null,
  ...overrides,
});

describe('account administration offers', () => {
  const admin = aPersonSession(['agency_admin']);

  it('when an agency administrator grants roles, then every agency role is offered but not the platform\'s', () => {
    expect(grantableRoles(admin)).toEqual(['call_taker', 'dispatcher', 'supervisor', 'agency_admin', 'auditor']);
    expect(grantableRoles(aPersonSession(['platform_operator']))).toContain('platform_operator');
  });

  it.each<[string, Partial<UserAccount>, string[]]>([
    ['an active account', {}, ['issue_link', 'change_roles', 'disable']],
    ['an invited one', { status: 'invited' }, ['issue_link', 'change_roles', 'disable']],
    ['a locked one', { status: 'locked' }, ['issue_link', 'change_roles', 'disable']],
    ['a disabled one', { status: 'disabled' }, []],
    ['a platform operator\'s', { roles: ['platform_operator'] }, []],
    ['the administrator\'s own', { id: admin.client.person!.userId, roles: ['agency_admin'] }, ['issue_link']],
    ['a single sign-on account (password and roles at the provider)', { singleSignOn: true }, ['disable']],
    ['one with a second factor', { secondFactor: true }, ['issue_link', 'change_roles', 'remove_second_factor', 'disable']],
    ['a single sign-on one with a second factor', { singleSignOn: true, secondFactor: true }, ['remove_second_factor', 'disable']],
    ['the administrator\'s own, with a second factor (another administrator removes it)', { id: admin.client.person!.userId, roles: ['agency_admin'], secondFactor: true }, ['issue_link']],
    ['a disabled one with a second factor', { status: 'disabled', secondFactor: true }, []],
  ])('when the account is %s, then the administrator is offered %j', (_, overrides, actions) => {
    expect(userActions(anAccount(overrides), admin)).toEqual(actions);
  });

  it('when a link is issued, then its address is the path on this console\'s origin', () => {
    expect(linkAddress('https://atalaia.cbm.se.gov.br/', '/console/account/abc')).toBe('https://atalaia.cbm.se.gov.br/console/account/abc');
  });
});

describe('invitation form', () => {
  it('when name, login and a role are given, then the invitation is trimmed and roles keep the table\'s order', () => {
    const roles = toggledRole(toggledRole([], 'auditor', true), 'call_taker', true);
    expect(newAccountOf({ ...emptyAccountDraft, login: ' ana.souza ', displayName: ' Ana Souza ', roles })).toEqual({ account: { login: 'ana.souza', displayName: 'Ana Souza', roles: ['call_taker', 'auditor'] } });
  });

  it('when fields are missing or malformed, then each says what', () => {
    expect(newAccountOf({ ...emptyAccountDraft, login: 'ana souza', agencyId: 'CBM SE' })).toEqual({ problems: { login: 'invalid_login', displayName: 'required', roles: 'no_role', agencyId: 'invalid_agency' } });
  });

  it('when another agency is named, then it goes in the invitation', () => {
    expect(newAccountOf({ login: 'joão.lima', displayName: 'João', roles: ['dispatcher'], agencyId: 'cbm-al' })).toMatchObject({ account: { login: 'joão.lima', agencyId: 'cbm-al' } });
  });
});

describe('new password', () => {
  it.each([
    ['curta', 'curta', 'too_short'],
    ['mangue seco ao entardecer', 'mangue seco ao entardecer!', 'mismatch'],
    ['x'.repeat(129), 'x'.repeat(129), 'too_long'],
    ['mangue seco ao entardecer', 'mangue seco ao entardecer', undefined],
    ['🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥a', '🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥🔥a', undefined],
  ])('when the password is %j and its repetition %j, then the problem is %s', (password, confirmation, problem) => {
    expect(newPasswordProblem(password, confirmation)).toBe(problem);
  });

  it('when the gateway\'s policy refuses a password, then the rule it broke is read from the problem', () => {
    expect(policyRefusalOf({ code: 'PASSWORD_REJECTED', errors: [{ field: 'password', message: 'common' }] })).toBe('common');
    expect(policyRefusalOf({ code: 'PASSWORD_REJECTED', errors: [{ field: 'password', message: 'something new' }] })).toBeUndefined();
    expect(policyRefusalOf({ code: 'ACCOUNT_LINK_NOT_FOUND' })).toBeUndefined();
  });
});
