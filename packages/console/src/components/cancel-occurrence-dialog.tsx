import { useId } from 'react';
import { useConsole } from '../app/console-context';
import type { Occurrence } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { Dialog } from './dialog';
import { IntentError } from './intent-error';
import { useReasonIntent } from './use-reason-intent';

/** Cancelling needs a reason; the form's Idempotency-Key is made when it opens. */
export function CancelOccurrenceDialog({ occurrence, onClose }: { occurrence: Occurrence; onClose(): void }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const id = useId();
  const { intent, reason, setReason, showMissing, submit } = useReasonIntent((key, text) => api.cancel(occurrence.id, key, text), { occurrenceId: occurrence.id, subject: occurrence.externalId }, onClose);
  const { state } = intent;
  return (
    <Dialog title={t('cancel.title', { externalId: occurrence.externalId })} onClose={onClose} testId="cancel-dialog">
      <form onSubmit={submit} noValidate>
        <label htmlFor={id}>{t('cancel.reason')}</label>
        <textarea
          id={id}
          data-testid="cancel-reason"
          required
          maxLength={1000}
          rows={3}
          value={reason}
          aria-invalid={showMissing}
          aria-describedby={showMissing ? `${id}-error` : undefined}
          onChange={(event) => setReason(event.target.value)}
          autoFocus
        />
        {showMissing && (
          <p id={`${id}-error`} className="error-text">
            {t('cancel.reasonRequired')}
          </p>
        )}
        <IntentError state={state} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="button button-danger" data-testid="cancel-submit" disabled={intent.busy}>
            {state?.phase === 'in_flight' ? t('action.sending') : state?.phase === 'failed' ? t('action.retry') : t('cancel.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
