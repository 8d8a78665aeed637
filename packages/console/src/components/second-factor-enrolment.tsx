import { useId, useState, type FormEvent } from 'react';
import { errorCodeOf } from '../api/http-client';
import { confirmationCodeOf, groupedSecret, type CodeProblem } from '../domain/second-factor';
import type { TotpEnrolment } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { QrCode } from './qr-code';

interface EnrolmentProps {
  enrolment: TotpEnrolment;
  /** Resolves once the gateway turned the second factor on; rejects with its refusal. */
  confirm(code: string): Promise<unknown>;
  onEnrolled(): void;
  onCancel(): void;
}

/**
 * The pending secret, to scan as a QR code or type by hand, and the code the
 * app then shows, which turns the second factor on. The secret is only in
 * this component's props: leaving the page drops it (an unconfirmed secret
 * never signs anyone in, and starting again makes a new one).
 */
export function SecondFactorEnrolment({ enrolment, confirm, onEnrolled, onCancel }: EnrolmentProps) {
  const { t, explain } = useI18n();
  const id = useId();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<CodeProblem | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const checked = confirmationCodeOf(typed);
    setError(undefined);
    setProblem('problem' in checked ? checked.problem : undefined);
    if (!('code' in checked)) return;
    setBusy(true);
    try {
      await confirm(checked.code);
      onEnrolled();
    } catch (failure) {
      setError(explain(errorCodeOf(failure)));
    } finally {
      setTyped('');
      setBusy(false);
    }
  };

  const message = error ?? (problem && t(`myAccount.problem.${problem}`));
  return (
    <form className="second-factor-enrolment" onSubmit={submit} noValidate data-testid="second-factor-enrolment">
      <ol className="enrolment-steps">
        <li>
          <p>{t('myAccount.scan')}</p>
          <QrCode text={enrolment.uri} label={t('myAccount.qrLabel')} testId="second-factor-qr" />
          <p>
            {t('myAccount.typeKey')}{' '}
            <code className="secret" data-testid="second-factor-secret">
              {groupedSecret(enrolment.secret)}
            </code>
          </p>
          <p className="hint">{t('myAccount.keyHint')}</p>
        </li>
        <li>
          <label htmlFor={`${id}-code`}>{t('myAccount.code')}</label>
          <input
            id={`${id}-code`}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={10}
            spellCheck={false}
            data-testid="second-factor-code"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            aria-invalid={message !== undefined}
            aria-describedby={message ? `${id}-error` : undefined}
          />
          {message && (
            <p id={`${id}-error`} className="error-text" role="alert" data-testid="second-factor-error">
              {message}
            </p>
          )}
        </li>
      </ol>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} data-testid="second-factor-cancel">
          {t('app.cancel')}
        </button>
        <button type="submit" className="button button-primary" data-testid="second-factor-confirm" disabled={busy}>
          {busy ? t('action.sending') : t('myAccount.confirm')}
        </button>
      </div>
    </form>
  );
}
