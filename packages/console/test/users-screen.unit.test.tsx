import { IssuedLinkPanel } from '../src/components/issued-link';
import { NewPasswordForm } from '../src/screens/account-link-screen';
import { RemoveSecondFactorDialog } from '../src/components/user-account-dialogs';
import { UserTable } from '../src/screens/users-screen';
import type { UserAccount } from '../src/domain/types';
import { aPersonSession } from './builders';
import { render, testIds } from './render';

const noop = () => undefined;
const account = (overrides: Partial<UserAccount>): UserAccount => ({
  id: '0b5e55ed-0000-4000-8000-000000000009',
  agencyId: 'cbm-se',
  login: 'ana.souza',
  displayName: 'Ana Souza',
  roles: ['call_taker', 'dispatcher'],
  status: 'active',
  secondFactor: true,
  createdAt: '2026-12-01T10:00:00.000Z',
  lastSignInAt: null,
  ...overrides,
});

describe('users screen', () => {
  it('when accounts are listed, then each shows its roles and status in words, and only the actions its state allows', () => {
    const session = aPersonSession(['agency_admin']);
    const html = render(<UserTable accounts={[account({}), account({ id: 'x-2', login: 'rui', status: 'invited', secondFactor: false }), account({ id: 'x-3', login: 'bea', status: 'disabled' })]} session={session} onAction={noop} />, { session, language: 'en' });
    expect(html).toMatch(/data-testid="user-row" data-login="ana.souza" data-status="active"/);
    expect(html).toContain('Call taker, Dispatcher');
    expect(html).toContain('second factor');
    expect(html).toContain('New invitation link');
    const rowIds = (login: string) => testIds(html.split(`data-login="${login}"`)[1]!.split('</tr>')[0]!);
    expect(rowIds('ana.souza')).toEqual(['user-roles', 'user-issue-link', 'user-change-roles', 'user-remove-second-factor', 'user-disable']);
    expect(rowIds('rui')).toEqual(['user-roles', 'user-issue-link', 'user-change-roles', 'user-disable']);
    expect(rowIds('bea')).toEqual(['user-roles']);
  });

  it('when the administrator is about to remove a second factor, then the confirmation names the account and says its sessions end and the person can enrol again', () => {
    const html = render(<RemoveSecondFactorDialog account={account({})} onClose={noop} onChanged={noop} />, { session: aPersonSession(['agency_admin']), language: 'en' });
    expect(html).toContain('Remove the second factor of Ana Souza');
    expect(html).toContain('Remove the authenticator app of Ana Souza (ana.souza)?');
    expect(html).toContain('Their open sessions end at once');
    expect(html).toContain('can set up an authenticator app again');
    expect(testIds(html)).toEqual(['remove-second-factor-dialog', 'remove-second-factor-confirm']);
  });

  it('when a link was issued, then its full address is shown once, with when it stops working', () => {
    const link = { purpose: 'invite' as const, token: 'tok', path: '/console/account/tok', expiresAt: '2026-12-14T10:00:00.000Z' };
    const html = render(<IssuedLinkPanel link={link} displayName="Ana Souza" origin="http://127.0.0.1:8000" />, { language: 'en' });
    expect(html).toMatch(/data-testid="issued-link" data-purpose="invite"/);
    expect(html).toContain('value="http://127.0.0.1:8000/console/account/tok"');
    expect(html).toContain('Shown only now');
  });
});

describe('set your password page', () => {
  it('when an invitation link is opened, then it greets the person by name and login and asks for the new password twice', () => {
    const link = { purpose: 'invite' as const, login: 'ana.souza', displayName: 'Ana Souza', expiresAt: '2026-12-14T10:00:00.000Z' };
    const html = render(<NewPasswordForm link={link} setPassword={() => Promise.reject(new Error())} onDone={noop} />, { language: 'en' });
    expect(html).toContain('Ana Souza, you were invited to the console with the login ana.souza');
    expect(testIds(html)).toEqual(['account-password-form', 'account-password', 'account-password-confirmation', 'account-submit']);
    expect(html.match(/autoComplete="new-password"/g)).toHaveLength(2);
  });
});
