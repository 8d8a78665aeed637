import { ApiError, errorCodeOf } from '../api/http-client';
import type { IntentState } from '../domain/command-intent';
import { requiredPermissionOf } from '../domain/permissions';
import { useI18n } from '../i18n/i18n-context';

/** Why an attempt was refused before becoming a command (HTTP problem or no connection). */
export function IntentError({ state }: { state: IntentState<unknown> | undefined }) {
  const { t, explain } = useI18n();
  if (state?.phase !== 'failed') return null;
  const code = errorCodeOf(state.error);
  const fields = state.error instanceof ApiError ? (state.error.problem.errors ?? []) : [];
  const needed = state.error instanceof ApiError ? requiredPermissionOf(state.error.problem) : undefined;
  return (
    <div className="error-text" role="alert" data-testid="command-error" data-code={code} data-permission={needed}>
      {explain(code)}
      {needed && ` ${t('refusal.requires', { permission: t(`permission.${needed}`) })}`}
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li key={field.field}>
              <code>{field.field}</code>: {field.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
