import { useConsole } from '../app/console-context';
import { availableDispatchActions, dispatchActionPermissions, permittedActions } from '../domain/available-actions';
import type { Dispatch } from '../domain/types';
import { useI18n } from '../i18n/i18n-context';
import { IntentButton } from './intent-button';
import { useCommandIntent } from './use-command-intent';

/** A dispatch's valid next steps the session may take: forward only (en_route may be skipped), close from any open status. */
export function DispatchActions({ dispatch, occurrenceId }: { dispatch: Dispatch; occurrenceId: string }) {
  const { api, session } = useConsole();
  const { t } = useI18n();
  const context = { occurrenceId, dispatchId: dispatch.id, subject: dispatch.resourceCode };
  const enRoute = useCommandIntent<void>((key) => api.changeDispatchStatus(dispatch.id, key, 'en_route'), context);
  const onScene = useCommandIntent<void>((key) => api.changeDispatchStatus(dispatch.id, key, 'on_scene'), context);
  const close = useCommandIntent<void>((key) => api.closeDispatch(dispatch.id, key), context);
  const actions = permittedActions(availableDispatchActions(dispatch.status), dispatchActionPermissions, session.client.permissions);
  if (actions.length === 0) return null;
  return (
    <div className="action-bar action-bar-compact" role="group" aria-label={t('dispatch.actionsFor', { resourceCode: dispatch.resourceCode })}>
      {actions.includes('en_route') && (
        <IntentButton controls={enRoute} testId="action-en-route">
          {t('action.en_route')}
        </IntentButton>
      )}
      {actions.includes('on_scene') && (
        <IntentButton controls={onScene} testId="action-on-scene">
          {t('action.on_scene')}
        </IntentButton>
      )}
      {actions.includes('close') && (
        <IntentButton controls={close} testId="action-close-dispatch" className="button button-danger">
          {t('action.close')}
        </IntentButton>
      )}
    </div>
  );
}
