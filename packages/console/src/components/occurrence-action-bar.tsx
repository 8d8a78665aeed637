import { useState } from 'react';
import { useConsole } from '../app/console-context';
import { availableOccurrenceActions, occurrenceActionPermissions, permittedActions } from '../domain/available-actions';
import type { Occurrence } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { CancelOccurrenceDialog } from './cancel-occurrence-dialog';
import { DispatchUnitDialog } from './dispatch-unit-dialog';
import { IntentButton } from './intent-button';
import { useCommandIntent } from './use-command-intent';

/** The occurrence's valid next actions (README state machines) that the session may take, and nothing else. */
export function OccurrenceActionBar({ occurrence }: { occurrence: Occurrence }) {
  const { api, session } = useConsole();
  const { t } = useI18n();
  const [form, setForm] = useState<'cancel' | 'dispatch' | undefined>(undefined);
  const context = { occurrenceId: occurrence.id, subject: occurrence.externalId };
  const start = useCommandIntent<void>((key) => api.start(occurrence.id, key), context);
  const resolve = useCommandIntent<void>((key) => api.resolve(occurrence.id, key), context);
  const valid = availableOccurrenceActions(occurrence.status);
  const actions = permittedActions(valid, occurrenceActionPermissions, session.client.permissions);

  if (valid.length === 0) return <p className="muted" data-testid="no-actions" data-reason="closed">{t('detail.noActions')}</p>;
  if (actions.length === 0) return <p className="muted" data-testid="no-actions" data-reason="permission">{t('detail.noPermittedActions')}</p>;
  return (
    <div className="action-bar" role="group" aria-label={t('detail.actions')}>
      {actions.includes('start') && (
        <IntentButton controls={start} testId="action-start" className="button button-primary">
          {t('action.start')}
        </IntentButton>
      )}
      {actions.includes('resolve') && (
        <IntentButton controls={resolve} testId="action-resolve" className="button button-primary">
          {t('action.resolve')}
        </IntentButton>
      )}
      {actions.includes('dispatch') && (
        <button type="button" className="button" data-testid="action-dispatch" onClick={() => setForm('dispatch')}>
          {t('action.dispatch')}
        </button>
      )}
      {actions.includes('cancel') && (
        <button type="button" className="button button-danger" data-testid="action-cancel" onClick={() => setForm('cancel')}>
          {t('action.cancel')}
        </button>
      )}
      {form === 'cancel' && <CancelOccurrenceDialog occurrence={occurrence} onClose={() => setForm(undefined)} />}
      {form === 'dispatch' && <DispatchUnitDialog occurrence={occurrence} onClose={() => setForm(undefined)} />}
    </div>
  );
}
