import { useId, useState, type FormEvent } from 'react';
import { ssoStartPath } from '../api/console-api';
import { errorCodeOf } from '../api/http-client';
import { LanguageSwitcher } from '../components/language-switcher';
import { afterRefusal, afterSignIn, signInRequestOf, withMethod, type MissingField, type SignInDraft, type SignInMethod, type SignInRequest } from '../domain/sign-in-form';
import type { Session, SsoProvider } from '../domain/types';
import type { MessageKey } from '../i18n/dictionaries';
import { useI18n } from '../i18n/i18n-context';

interface SignInProps {
  signIn(request: SignInRequest): Promise<Session>;
  onSignedIn(session: Session): void;
  /** Why the operator is here again (session expired, signed out). */
  notice?: string;
  /** The form shown first: a person's password, or an API key (to come back the way the last session did). */
  method?: SignInMethod;
  /** Agencies with single sign-on: one button each. */
  providers?: readonly SsoProvider[];
  /** A refusal to show from the start (a single sign-on that came back refused), already in words. */
  initialError?: string;
}

const missingMessages: Record<MissingField, MessageKey> = {
  login: 'signIn.loginRequired',
  password: 'signIn.passwordRequired',
  code: 'signIn.codeRequired',
  apiKey: 'signIn.required',
};

/**
 * Login and password (and the one-time code when the account has one), or an
 * API key: whatever is typed lives only in this form's state until it is
 * exchanged for the session cookie — never stored, never in the URL — and is
 * cleared on success and on failure (sign-in-form.ts).
 */
export function SignInScreen({ signIn, onSignedIn, notice, method = 'password', providers = [], initialError }: SignInProps) {
  const { t, explain } = useI18n();
  const [draft, setDraft] = useState<SignInDraft>(() => withMethod(method));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(initialError);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const checked = signInRequestOf(draft);
    if ('missing' in checked) return setError(t(missingMessages[checked.missing]));
    setBusy(true);
    setError(undefined);
    try {
      const session = await signIn(checked.request);
      setDraft(afterSignIn(draft));
      onSignedIn(session);
    } catch (failure) {
      const code = errorCodeOf(failure);
      const { draft: next, refusal } = afterRefusal(draft, code);
      setDraft(next);
      if (refusal === 'invalid_credentials') setError(t('signIn.invalidCredentials'));
      else if (refusal === 'invalid_key') setError(t('signIn.invalidKey'));
      else if (refusal === 'other') setError(explain(code));
    } finally {
      setBusy(false);
    }
  };

  const switchTo = (next: SignInMethod) => {
    setDraft(withMethod(next));
    setError(undefined);
  };

  return (
    <main id="content" className="sign-in">
      <form className="sign-in-card" onSubmit={submit} data-testid="sign-in-form" data-method={draft.method} noValidate>
        <div className="sign-in-top">
          <h1>{t('signIn.title')}</h1>
          <LanguageSwitcher />
        </div>
        {notice && (
          <p className="notice" role="status" data-testid="sign-in-notice">
            {notice}
          </p>
        )}
        <SignInFields draft={draft} error={error} onChange={setDraft} onStartOver={() => switchTo('password')} />
        <button type="submit" className="button button-primary" data-testid="sign-in-submit" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
        {draft.method === 'password' && providers.length > 0 && (
          <div className="sign-in-sso" role="group" aria-label={t('signIn.ssoLabel')}>
            {providers.map((provider) => (
              <a key={provider.agencyId} className="button" href={ssoStartPath(provider.agencyId)} data-testid="sign-in-sso" data-agency={provider.agencyId}>
                {t('signIn.sso', { provider: provider.displayName })}
              </a>
            ))}
          </div>
        )}
        <button
          type="button"
          className="button-link"
          data-testid={draft.method === 'password' ? 'sign-in-use-api-key' : 'sign-in-use-password'}
          onClick={() => switchTo(draft.method === 'password' ? 'api_key' : 'password')}
        >
          {draft.method === 'password' ? t('signIn.useApiKey') : t('signIn.usePassword')}
        </button>
      </form>
    </main>
  );
}

interface FieldsProps {
  draft: SignInDraft;
  error: string | undefined;
  onChange(draft: SignInDraft): void;
  onStartOver(): void;
}

/** The fields of the form's current step; the error, when there is one, is tied to them for screen readers. */
export function SignInFields({ draft, error, onChange, onStartOver }: FieldsProps) {
  const { t } = useI18n();
  const id = useId();
  const described = { 'aria-invalid': error !== undefined, 'aria-describedby': error ? `${id}-error` : undefined };
  const errorText = error && (
    <p id={`${id}-error`} className="error-text" role="alert" data-testid="sign-in-error">
      {error}
    </p>
  );

  if (draft.method === 'api_key') {
    return (
      <>
        <p className="muted">{t('signIn.apiKeyIntro')}</p>
        <label htmlFor={`${id}-key`}>{t('signIn.apiKey')}</label>
        <input id={`${id}-key`} type="password" name="apiKey" autoComplete="off" spellCheck={false} data-testid="sign-in-api-key" value={draft.apiKey} onChange={(event) => onChange({ ...draft, apiKey: event.target.value })} autoFocus {...described} />
        {errorText}
      </>
    );
  }
  if (draft.codeRequired) {
    return (
      <>
        <p className="muted" data-testid="sign-in-code-step">
          {t('signIn.codeIntro', { login: draft.login.trim() })}{' '}
          <button type="button" className="button-link" data-testid="sign-in-start-over" onClick={onStartOver}>
            {t('signIn.startOver')}
          </button>
        </p>
        <label htmlFor={`${id}-code`}>{t('signIn.code')}</label>
        <input id={`${id}-code`} name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={10} spellCheck={false} data-testid="sign-in-code" value={draft.code} onChange={(event) => onChange({ ...draft, code: event.target.value })} autoFocus {...described} />
        {errorText}
      </>
    );
  }
  return (
    <>
      <p className="muted">{t('signIn.intro')}</p>
      <label htmlFor={`${id}-login`}>{t('signIn.login')}</label>
      <input id={`${id}-login`} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} data-testid="sign-in-login" value={draft.login} onChange={(event) => onChange({ ...draft, login: event.target.value })} autoFocus={!draft.login} {...described} />
      <label htmlFor={`${id}-password`}>{t('signIn.password')}</label>
      <input id={`${id}-password`} type="password" name="password" autoComplete="current-password" data-testid="sign-in-password" value={draft.password} onChange={(event) => onChange({ ...draft, password: event.target.value })} autoFocus={!!draft.login} {...described} />
      {errorText}
    </>
  );
}
