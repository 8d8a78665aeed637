import { useId, useState, type FormEvent } from 'react';
import type { ConsoleApi } from '../api/console-api';
import { ApiError, errorCodeOf } from '../api/http-client';
import { Link } from '../app/router';
import { useResource } from '../app/use-resource';
import { LanguageSwitcher } from '../components/language-switcher';
import { MIN_PASSWORD_LENGTH, newPasswordProblem, policyRefusalOf, type PasswordProblem } from '../domain/new-password';
import type { AccountLinkView } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';

type LinkApi = Pick<ConsoleApi, 'accountLink' | 'setPasswordByLink'>;

/**
 * The page a one-time link opens (`/console/account/<token>`), before any
 * sign-in: the invited person sets their first password, or anyone their new
 * one after a reset. The token is the only credential; a used, expired or
 * replaced link reads as not valid, whichever it was.
 */
export function AccountLinkScreen({ token, api }: { token: string; api: LinkApi }) {
  const { t, explain } = useI18n();
  const link = useResource(() => api.accountLink(token), token);
  const [done, setDone] = useState<{ login: string } | undefined>(undefined);

  let content;
  if (done) {
    content = (
      <div data-testid="account-password-set">
        <p role="status">{t('account.passwordSet', { login: done.login })}</p>
        <Link className="button button-primary" to={{ screen: 'occurrences' }} data-testid="account-sign-in">
          {t('account.signIn')}
        </Link>
      </div>
    );
  } else if (link.error !== undefined) {
    const code = errorCodeOf(link.error);
    content = (
      <p className="error-text" role="alert" data-testid="account-link-error" data-code={code}>
        {explain(code)}
      </p>
    );
  } else if (!link.data) {
    content = <p className="muted">{t('app.loading')}</p>;
  } else {
    content = <NewPasswordForm link={link.data} setPassword={(password) => api.setPasswordByLink(token, password)} onDone={setDone} />;
  }
  return (
    <main id="content" className="sign-in">
      <section className="sign-in-card" aria-labelledby="account-title" data-testid="account-link">
        <div className="sign-in-top">
          <h1 id="account-title">{t('account.title')}</h1>
          <LanguageSwitcher />
        </div>
        {content}
      </section>
    </main>
  );
}

interface FormProps {
  link: AccountLinkView;
  setPassword(password: string): Promise<{ login: string }>;
  onDone(account: { login: string }): void;
}

/** The new password, twice; cleared after every attempt, accepted or not. */
export function NewPasswordForm({ link, setPassword, onDone }: FormProps) {
  const { t, explain, dateTime } = useI18n();
  const id = useId();
  const [password, setPasswordText] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problem, setProblem] = useState<PasswordProblem | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found = newPasswordProblem(password, confirmation);
    setProblem(found);
    setError(undefined);
    if (found) return;
    setBusy(true);
    try {
      onDone(await setPassword(password));
    } catch (failure) {
      const refusal = failure instanceof ApiError ? policyRefusalOf(failure.problem) : undefined;
      if (refusal) setProblem(refusal);
      else setError(explain(errorCodeOf(failure)));
    } finally {
      setPasswordText('');
      setConfirmation('');
      setBusy(false);
    }
  };
  const note = problem ? t(`account.problem.${problem}`) : t('account.passwordHint', { min: MIN_PASSWORD_LENGTH });
  return (
    <form onSubmit={submit} noValidate data-testid="account-password-form" className="sign-in-card-form">
      <p>
        {t(link.purpose === 'invite' ? 'account.inviteIntro' : 'account.resetIntro', { name: link.displayName, login: link.login })}{' '}
        <span className="muted">{t('account.expires', { at: dateTime(link.expiresAt) })}</span>
      </p>
      {/* The login, for password managers to file the new password under. */}
      <input type="hidden" name="username" autoComplete="username" value={link.login} readOnly />
      <label htmlFor={`${id}-password`}>{t('account.newPassword')}</label>
      <input id={`${id}-password`} type="password" autoComplete="new-password" data-testid="account-password" value={password} onChange={(event) => setPasswordText(event.target.value)} aria-invalid={problem !== undefined} aria-describedby={`${id}-note`} autoFocus />
      <label htmlFor={`${id}-confirmation`}>{t('account.confirmPassword')}</label>
      <input id={`${id}-confirmation`} type="password" autoComplete="new-password" data-testid="account-password-confirmation" value={confirmation} onChange={(event) => setConfirmation(event.target.value)} aria-invalid={problem === 'mismatch'} />
      <p id={`${id}-note`} className={problem ? 'error-text' : 'hint'} role={problem ? 'alert' : undefined} data-testid={problem ? 'account-password-problem' : undefined} data-problem={problem}>
        {note}
      </p>
      {error && (
        <p className="error-text" role="alert" data-testid="account-error">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" data-testid="account-submit" disabled={busy}>
        {busy ? t('action.sending') : t('account.submit')}
      </button>
    </form>
  );
}
