import { useState, type FormEvent } from 'react';
import { useConsole } from '../app/console-context';
import type { Role } from '../domain/permissions';
import type { UserAccount } from '../domain/types';
import { grantableRoles } from '../domain/user-accounts';
import { useI18n } from '../i18n/i18n-context';
import { Dialog } from './dialog';
import { RoleChoices } from './role-choices';
import { useRequest } from './use-request';

interface AccountDialogProps {
  account: UserAccount;
  onClose(): void;
  onChanged(account: UserAccount): void;
}

/** Replaces the account's roles; the gateway ends its sessions at once, so the change applies to the next request. */
export function UserRolesDialog({ account, onClose, onChanged }: AccountDialogProps) {
  const { api, session } = useConsole();
  const { t, explain } = useI18n();
  const [roles, setRoles] = useState<Role[]>(account.roles);
  const [touched, setTouched] = useState(false);
  const request = useRequest();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (roles.length === 0) return;
    const changed = await request.run(() => api.setUserRoles(account.id, roles));
    if (changed) onChanged(changed);
  };
  return (
    <Dialog title={t('users.rolesTitle', { name: account.displayName })} onClose={onClose} testId="user-roles-dialog">
      <form onSubmit={submit} noValidate>
        <RoleChoices offered={grantableRoles(session)} held={roles} onChange={setRoles} problem={touched && roles.length === 0 ? t('users.problem.no_role') : undefined} />
        <p className="hint">{t('users.rolesHint')}</p>
        {request.errorCode && (
          <p className="error-text" role="alert" data-testid="user-error" data-code={request.errorCode}>
            {explain(request.errorCode)}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="button button-primary" data-testid="user-roles-submit" disabled={request.busy}>
            {request.busy ? t('action.sending') : t('users.saveRoles')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Disabling keeps the account (the audit trail names it) and ends its sessions at once. */
export function DisableUserDialog({ account, onClose, onChanged }: AccountDialogProps) {
  const { api } = useConsole();
  const { t, explain } = useI18n();
  const request = useRequest();
  const confirm = async () => {
    const disabled = await request.run(() => api.disableUser(account.id));
    if (disabled) onChanged(disabled);
  };
  return (
    <Dialog title={t('users.disableTitle', { name: account.displayName })} onClose={onClose} testId="disable-user-dialog">
      <p>{t('users.disableConfirm', { name: account.displayName, login: account.login })}</p>
      {request.errorCode && (
        <p className="error-text" role="alert" data-testid="user-error" data-code={request.errorCode}>
          {explain(request.errorCode)}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('app.cancel')}
        </button>
        <button type="button" className="button button-danger" data-testid="disable-user-confirm" onClick={() => void confirm()} disabled={request.busy}>
          {request.busy ? t('action.sending') : t('users.disable')}
        </button>
      </div>
    </Dialog>
  );
}

/** A lost or replaced phone: the account's sessions end, it signs in with the password alone, and the person enrols again. */
export function RemoveSecondFactorDialog({ account, onClose, onChanged }: AccountDialogProps) {
  const { api } = useConsole();
  const { t, explain } = useI18n();
  const request = useRequest();
  const confirm = async () => {
    const changed = await request.run(() => api.removeSecondFactor(account.id));
    if (changed) onChanged(changed);
  };
  return (
    <Dialog title={t('users.removeSecondFactorTitle', { name: account.displayName })} onClose={onClose} testId="remove-second-factor-dialog">
      <p>{t('users.removeSecondFactorConfirm', { name: account.displayName, login: account.login })}</p>
      {request.errorCode && (
        <p className="error-text" role="alert" data-testid="user-error" data-code={request.errorCode}>
          {explain(request.errorCode)}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          {t('app.cancel')}
        </button>
        <button type="button" className="button button-danger" data-testid="remove-second-factor-confirm" onClick={() => void confirm()} disabled={request.busy}>
          {request.busy ? t('action.sending') : t('users.removeSecondFactor')}
        </button>
      </div>
    </Dialog>
  );
}
