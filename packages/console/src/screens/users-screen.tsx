import { useState } from 'react';
import { useConsole } from '../app/console-context';
import { useResource } from '../app/use-resource';
import { errorCodeOf } from '../api/http-client';
import { InviteUserDialog } from '../components/invite-user-dialog';
import { IssuedLinkDialog } from '../components/issued-link';
import { DisableUserDialog, RemoveSecondFactorDialog, UserRolesDialog } from '../components/user-account-dialogs';
import { useRequest } from '../components/use-request';
import type { IssuedLink, Session, UserAccount } from '../domain/types';
import { userActions, type UserAction } from '../domain/user-accounts';
import { useI18n } from '../i18n/i18n-context';

type AccountDialog = 'roles' | 'second_factor' | 'disable';
type Open = { kind: 'invite' } | { kind: AccountDialog; account: UserAccount } | { kind: 'link'; account: UserAccount; link: IssuedLink };

/** The confirmation or form each action opens; a link is issued at once and then shown. */
const dialogOf: Record<Exclude<UserAction, 'issue_link'>, AccountDialog> = { change_roles: 'roles', remove_second_factor: 'second_factor', disable: 'disable' };

/** The agency's accounts (every agency's, with `agencies:all`), for holders of `users:manage`. Loaded on demand. */
export default function UsersScreen() {
  const { api, session } = useConsole();
  const { t, explain } = useI18n();
  const list = useResource(() => api.users(), 'users');
  const [open, setOpen] = useState<Open | undefined>(undefined);
  const linkRequest = useRequest();
  const close = () => setOpen(undefined);
  const changed = () => {
    close();
    list.reload();
  };
  const act = async (action: UserAction, account: UserAccount) => {
    if (action !== 'issue_link') return setOpen({ kind: dialogOf[action], account });
    const issued = await linkRequest.run(() => api.issueUserLink(account.id));
    if (issued) setOpen({ kind: 'link', account: issued.user, link: issued.link });
  };

  return (
    <section className="users" aria-labelledby="users-title" data-testid="users-screen">
      <div className="section-head">
        <h1 id="users-title">{t('users.title')}</h1>
        <button type="button" className="button button-primary" data-testid="invite-user" onClick={() => setOpen({ kind: 'invite' })}>
          {t('users.invite')}
        </button>
      </div>
      {list.error !== undefined && <p className="error-text" role="alert">{explain(errorCodeOf(list.error))}</p>}
      {linkRequest.errorCode && (
        <p className="error-text" role="alert" data-testid="user-error" data-code={linkRequest.errorCode}>
          {explain(linkRequest.errorCode)}
        </p>
      )}
      {list.loading && !list.data ? <p className="muted">{t('app.loading')}</p> : <UserTable accounts={list.data?.data ?? []} session={session} onAction={(action, account) => void act(action, account)} busy={linkRequest.busy} />}
      {open?.kind === 'invite' && <InviteUserDialog onClose={() => { close(); list.reload(); }} onInvited={() => list.reload()} />}
      {open?.kind === 'roles' && <UserRolesDialog account={open.account} onClose={close} onChanged={changed} />}
      {open?.kind === 'second_factor' && <RemoveSecondFactorDialog account={open.account} onClose={close} onChanged={changed} />}
      {open?.kind === 'disable' && <DisableUserDialog account={open.account} onClose={close} onChanged={changed} />}
      {open?.kind === 'link' && <IssuedLinkDialog link={open.link} displayName={open.account.displayName} onClose={changed} />}
    </section>
  );
}

const actionLabels = { issue_link: 'users.issueLink', change_roles: 'users.changeRoles', remove_second_factor: 'users.removeSecondFactor', disable: 'users.disable' } as const;

interface TableProps {
  accounts: readonly UserAccount[];
  session: Session;
  onAction(action: UserAction, account: UserAccount): void;
  busy?: boolean;
}

export function UserTable({ accounts, session, onAction, busy = false }: TableProps) {
  const { t, dateTime } = useI18n();
  if (accounts.length === 0) return <p className="muted">{t('users.empty')}</p>;
  const crossAgency = session.client.crossAgency;
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">{t('users.name')}</th>
          {crossAgency && <th scope="col">{t('users.agency')}</th>}
          <th scope="col">{t('users.roles')}</th>
          <th scope="col">{t('users.status')}</th>
          <th scope="col">{t('users.lastSignIn')}</th>
          <th scope="col">{t('users.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((account) => (
          <tr key={account.id} data-testid="user-row" data-login={account.login} data-status={account.status} data-second-factor={account.secondFactor}>
            <td>
              <strong>{account.displayName}</strong> <span className="muted">{account.login}</span>
            </td>
            {crossAgency && <td>{account.agencyId}</td>}
            <td data-testid="user-roles">{account.roles.map((role) => t(`role.${role}`)).join(', ')}</td>
            <td>
              <span className={`badge badge-user-${account.status}`}>{t(`userStatus.${account.status}`)}</span>
              {account.secondFactor && <span className="tag"> {t('users.secondFactor')}</span>}
              {account.singleSignOn && <span className="tag"> {t('users.singleSignOn')}</span>}
            </td>
            <td>{account.lastSignInAt ? dateTime(account.lastSignInAt) : t('users.never')}</td>
            <td>
              <div className="action-bar action-bar-compact" role="group" aria-label={t('users.actionsFor', { name: account.displayName })}>
                {userActions(account, session).map((action) => (
                  <button key={action} type="button" className={action === 'disable' ? 'button button-danger' : 'button'} data-testid={`user-${action.replaceAll('_', '-')}`} disabled={busy} onClick={() => onAction(action, account)}>
                    {t(action === 'issue_link' && account.status === 'invited' ? 'users.newInvite' : actionLabels[action])}
                  </button>
                ))}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
