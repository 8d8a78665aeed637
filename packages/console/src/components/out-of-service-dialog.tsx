import { useId } from 'react';
import { useConsole } from '../app/console-context';
import type { UnitView } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { Dialog } from './dialog';
import { IntentError } from './intent-error';
import { useReasonIntent } from './use-reason-intent';

/** Taking a unit out of service needs a reason (shown on the board and kept in its history); the key is made when the dialog opens. */
export function OutOfServiceDialog({ unit, onClose }: { unit: UnitView; onClose(): void }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const id = useId();
  const { intent, reason, setReason, showMissing, submit } = useReasonIntent((key, text) => api.setOutOfService(unit.id, key, text), { unitId: unit.id, unitCode: unit.code, subject: unit.code }, onClose);
  const { state } = intent;
  return (
    <Dialog title={t('outOfService.title', { code: unit.code })} onClose={onClose} testId="out-of-service-dialog">
      <form onSubmit={submit} noValidate>
        <label htmlFor={id}>{t('outOfService.reason')}</label>
        <input
          id={id}
          data-testid="out-of-service-reason"
          required
          maxLength={2000}
          value={reason}
          aria-invalid={showMissing}
          aria-describedby={`${id}-hint`}
          onChange={(event) => setReason(event.target.value)}
          autoFocus
        />
        <p id={`${id}-hint`} className={showMissing ? 'error-text' : 'hint'}>
          {showMissing ? t('outOfService.reasonRequired') : t('outOfService.reasonHint')}
        </p>
        <IntentError state={state} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="button button-danger" data-testid="out-of-service-submit" disabled={intent.busy}>
            {state?.phase === 'in_flight' ? t('action.sending') : state?.phase === 'failed' ? t('action.retry') : t('outOfService.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
