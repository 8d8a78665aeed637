import { useId, useState, type FormEvent } from 'react';
import { ApiError, errorCodeOf } from '../api/http-client';
import { LanguageSwitcher } from '../components/language-switcher';
import type { Session } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';

interface SignInProps {
  signIn(apiKey: string): Promise<Session>;
  onSignedIn(session: Session): void;
  /** Why the operator is here again (session expired, signed out). */
  notice?: string;
}

/**
 * The API key lives only in this form's state until it is exchanged for the
 * session cookie: never stored, never in the URL; the field is cleared on success and failure.
 */
export function SignInScreen({ signIn, onSignedIn, notice }: SignInProps) {
  const { t, explain } = useI18n();
  const id = useId();
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!apiKey.trim()) return setError(t('signIn.required'));
    setBusy(true);
    setError(undefined);
    try {
      const session = await signIn(apiKey.trim());
      setApiKey('');
      onSignedIn(session);
    } catch (failure) {
      setApiKey('');
      setError(failure instanceof ApiError && failure.code === 'INVALID_API_KEY' ? t('signIn.invalidKey') : explain(errorCodeOf(failure)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="content" className="sign-in">
      <form className="sign-in-card" onSubmit={submit} data-testid="sign-in-form" noValidate>
        <div className="sign-in-top">
          <h1>{t('signIn.title')}</h1>
          <LanguageSwitcher />
        </div>
        <p className="muted">{t('signIn.intro')}</p>
        {notice && (
          <p className="notice" role="status" data-testid="sign-in-notice">
            {notice}
          </p>
        )}
        <label htmlFor={id}>{t('signIn.apiKey')}</label>
        <input
          id={id}
          type="password"
          name="apiKey"
          autoComplete="off"
          spellCheck={false}
          data-testid="sign-in-api-key"
          value={apiKey}
          onChange={(event) => setApiKey(event.target.value)}
          aria-invalid={error !== undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          autoFocus
        />
        {error && (
          <p id={`${id}-error`} className="error-text" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button-primary" data-testid="sign-in-submit" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
