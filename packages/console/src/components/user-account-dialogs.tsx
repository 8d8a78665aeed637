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
  const { t } = useI18n();
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
        <AccountRequestError code={request.errorCode} />
        <AccountDialogActions onClose={onClose} busy={request.busy} label={t('users.saveRoles')} testId="user-roles-submit" />
      </form>
    </Dialog>
  );
}

/** Disabling keeps the account (the audit trail names it) and ends its sessions at once. */
export function DisableUserDialog({ account, onClose, onChanged }: AccountDialogProps) {
  const { api } = useConsole();
  const { t } = useI18n();
  return (
    <ConfirmAccountChange
      title={t('users.disableTitle', { name: account.displayName })}
      question={t('users.disableConfirm', { name: account.displayName, login: account.login })}
      label={t('users.disable')}
      testId="disable-user"
      change={() => api.disableUser(account.id)}
      onClose={onClose}
      onChanged={onChanged}
    />
  );
}

/** A lost or replaced phone: the account's sessions end, it signs in with the password alone, and the person enrols again. */
export function RemoveSecondFactorDialog({ account, onClose, onChanged }: AccountDialogProps) {
  const { api } = useConsole();
  const { t } = useI18n();
  return (
    <ConfirmAccountChange
      title={t('users.removeSecondFactorTitle', { name: account.displayName })}
      question={t('users.removeSecondFactorConfirm', { name: account.displayName, login: account.login })}
      label={t('users.removeSecondFactor')}
      testId="remove-second-factor"
      change={() => api.removeSecondFactor(account.id)}
      onClose={onClose}
      onChanged={onChanged}
    />
  );
}

interface ConfirmAccountChangeProps {
  title: string;
  question: string;
  label: string;
  /** `<testId>-dialog` and `<testId>-confirm`. */
  testId: string;
  change(): Promise<UserAccount>;
  onClose(): void;
  onChanged(account: UserAccount): void;
}

/** A change to one account that needs only a confirmation: the question, the refusal explained, cancel or confirm. */
function ConfirmAccountChange({ title, question, label, testId, change, onClose, onChanged }: ConfirmAccountChangeProps) {
  const request = useRequest();
  const confirm = async () => {
    const changed = await request.run(change);
    if (changed) onChanged(changed);
  };
  return (
    <Dialog title={title} onClose={onClose} testId={`${testId}-dialog`}>
      <p>{question}</p>
      <AccountRequestError code={request.errorCode} />
      <AccountDialogActions onClose={onClose} busy={request.busy} label={label} testId={`${testId}-confirm`} onConfirm={() => void confirm()} />
    </Dialog>
  );
}

/** Why the gateway refused an account change, in words. */
export function AccountRequestError({ code }: { code: string | undefined }) {
  const { explain } = useI18n();
  if (!code) return null;
  return (
    <p className="error-text" role="alert" data-testid="user-error" data-code={code}>
      {explain(code)}
    </p>
  );
}

/** Cancel, and the dialog's action: a form's submit, or (with `onConfirm`) a danger button that acts at once. */
export function AccountDialogActions({ onClose, busy, label, testId, onConfirm }: { onClose(): void; busy: boolean; label: string; testId: string; onConfirm?(): void }) {
  const { t } = useI18n();
  return (
    <div className="dialog-actions">
      <button type="button" className="button" onClick={onClose}>
        {t('app.cancel')}
      </button>
      {onConfirm ? (
        <button type="button" className="button button-danger" data-testid={testId} onClick={onConfirm} disabled={busy}>
          {busy ? t('action.sending') : label}
        </button>
      ) : (
        <button type="submit" className="button button-primary" data-testid={testId} disabled={busy}>
          {busy ? t('action.sending') : label}
        </button>
      )}
    </div>
  );
}
