import { useId, useState, type FormEvent } from 'react';
import { useConsole } from '../app/console-context';
import { hasPermission } from '../domain/permissions';
import type { IssuedLink, UserAccount } from '../domain/types';
import { emptyAccountDraft, grantableRoles, newAccountOf, type AccountField, type AccountProblem, type NewAccountDraft } from '../domain/user-accounts';
import { useI18n } from '../i18n/i18n-context';
import { Dialog } from './dialog';
import { IssuedLinkPanel } from './issued-link';
import { RoleChoices } from './role-choices';
import { AccountDialogActions, AccountRequestError } from './user-account-dialogs';
import { useRequest } from './use-request';

/**
 * Invites a person: the account is created without a password, and the
 * one-time link that sets it is shown here, once, for the administrator to
 * hand over.
 */
export function InviteUserDialog({ onClose, onInvited }: { onClose(): void; onInvited(account: UserAccount): void }) {
  const { api, session } = useConsole();
  const { t } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState<NewAccountDraft>(emptyAccountDraft);
  const [problems, setProblems] = useState<Partial<Record<AccountField, AccountProblem>>>({});
  const [invited, setInvited] = useState<{ user: UserAccount; link: IssuedLink } | undefined>(undefined);
  const request = useRequest();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = newAccountOf(draft);
    setProblems('problems' in checked ? checked.problems : {});
    if (!('account' in checked)) return;
    const answer = await request.run(() => api.inviteUser(checked.account));
    if (!answer) return;
    setInvited(answer);
    onInvited(answer.user);
  };

  if (invited) {
    return (
      <Dialog title={t('users.invitedTitle', { name: invited.user.displayName })} onClose={onClose} testId="invite-user-dialog">
        <IssuedLinkPanel link={invited.link} displayName={invited.user.displayName} />
        <div className="dialog-actions">
          <button type="button" className="button button-primary" onClick={onClose} data-testid="invite-user-done">
            {t('app.close')}
          </button>
        </div>
      </Dialog>
    );
  }
  const field = (name: 'login' | 'displayName' | 'agencyId', testId: string) => {
    const problem = problems[name];
    return (
      <div className="field">
        <label htmlFor={`${id}-${name}`}>{t(`users.field.${name}`)}</label>
        <input id={`${id}-${name}`} data-testid={testId} value={draft[name]} spellCheck={false} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} aria-invalid={problem !== undefined} aria-describedby={problem ? `${id}-${name}-problem` : undefined} />
        {problem && (
          <p id={`${id}-${name}-problem`} className="error-text">
            {t(`users.problem.${problem}`)}
          </p>
        )}
      </div>
    );
  };
  return (
    <Dialog title={t('users.inviteTitle')} onClose={onClose} testId="invite-user-dialog">
      <form onSubmit={submit} noValidate>
        {field('displayName', 'invite-display-name')}
        {field('login', 'invite-login')}
        {hasPermission(session, 'agencies:all') && field('agencyId', 'invite-agency')}
        <RoleChoices offered={grantableRoles(session)} held={draft.roles} onChange={(roles) => setDraft({ ...draft, roles })} problem={problems.roles && t(`users.problem.${problems.roles}`)} />
        <AccountRequestError code={request.errorCode} />
        <AccountDialogActions onClose={onClose} busy={request.busy} label={t('users.invite')} testId="invite-user-submit" />
      </form>
    </Dialog>
  );
}
