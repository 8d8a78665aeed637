import { useEffect, useId, useState, type FormEvent } from 'react';
import { useConsole } from '../app/console-context';
import { resourceCodePattern } from '../domain/available-actions';
import type { Occurrence } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { Dialog } from './dialog';
import { IntentError } from './intent-error';
import { useCommandIntent } from './use-command-intent';

interface DispatchForm {
  resourceCode: string;
  note: string;
}

/** Sends a unit (ABT-12) to the occurrence; what is typed is upper-cased as the service requires. */
export function DispatchUnitDialog({ occurrence, onClose }: { occurrence: Occurrence; onClose(): void }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const id = useId();
  const [form, setForm] = useState<DispatchForm>({ resourceCode: '', note: '' });
  const [touched, setTouched] = useState(false);
  const intent = useCommandIntent<DispatchForm>(
    (key, { resourceCode, note }) => api.dispatchUnit(occurrence.id, key, resourceCode, note.trim() || undefined),
    { occurrenceId: occurrence.id, subject: `${occurrence.externalId} · ${form.resourceCode}` },
  );
  const { begin, state } = intent;
  useEffect(() => begin(), [begin]);
  useEffect(() => {
    if (state?.phase === 'accepted') onClose();
  }, [state?.phase, onClose]);

  const invalid = !resourceCodePattern.test(form.resourceCode);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!invalid) intent.submit(form);
  };
  return (
    <Dialog title={t('dispatch.title', { externalId: occurrence.externalId })} onClose={onClose} testId="dispatch-dialog">
      <form onSubmit={submit} noValidate>
        <label htmlFor={`${id}-code`}>{t('dispatch.resourceCode')}</label>
        <input
          id={`${id}-code`}
          data-testid="dispatch-resource-code"
          value={form.resourceCode}
          onChange={(event) => setForm({ ...form, resourceCode: event.target.value.toUpperCase().replace(/\s/g, '') })}
          pattern="[A-Z0-9][A-Z0-9\-]{0,31}"
          maxLength={32}
          autoComplete="off"
          spellCheck={false}
          required
          autoFocus
          aria-invalid={touched && invalid}
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className={touched && invalid ? 'error-text' : 'hint'}>
          {touched && invalid ? t('dispatch.resourceCodeInvalid') : t('dispatch.resourceCodeHint')}
        </p>
        <label htmlFor={`${id}-note`}>{t('dispatch.note')}</label>
        <input id={`${id}-note`} value={form.note} maxLength={1000} onChange={(event) => setForm({ ...form, note: event.target.value })} />
        <IntentError state={state} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" className="button button-primary" data-testid="dispatch-submit" disabled={intent.busy}>
            {state?.phase === 'in_flight' ? t('action.sending') : state?.phase === 'failed' ? t('action.retry') : t('dispatch.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
